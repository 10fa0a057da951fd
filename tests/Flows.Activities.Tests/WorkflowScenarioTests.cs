using System.Text.Json;
using Flows.Activities.IdentityProviders;
using Flows.Activities.Tests.TestDoubles;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Definitions;
using Flows.Engine.Instances;
using Flows.Engine.Runtime;
using Flows.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OtpNet;

namespace Flows.Activities.Tests;

/// <summary>
/// The shipped workflows, loaded by the production loader, published and driven through the engine with
/// SQLite persistence, as sign-ins would drive them.
/// </summary>
public sealed class WorkflowScenarioTests : IAsyncLifetime
{
    private const string UsernamePassword = "username-password";
    private const string PasswordThenOtp = "password-then-otp";
    private const string PasswordThenOtpRequired = "password-then-otp-required";
    private const string PasswordOrIdentityProvider = "password-or-identity-provider";
    private static readonly byte[] AliceSecret = "alice-totp-secret-20"u8.ToArray();

    private readonly FakeTimeProvider _clock = new(FlowsTestHost.StartTime);
    private readonly InMemoryUserDirectory _directory;
    private readonly GatedUserDirectory _users;
    private readonly InMemoryAgreements _agreements = new();
    private readonly InMemoryUserProfiles _profiles;
    private FlowsTestHost _host = null!;
    private IReadOnlyList<FlowDefinition> _published = [];

    public WorkflowScenarioTests()
    {
        _directory = new InMemoryUserDirectory(_clock, maxFailedAttempts: 3);
        _directory.Add(new TestAccount { Id = "u-alice", Username = "alice", EnvironmentId = FlowsTestHost.Environment, Password = "alice-password", TotpSecret = AliceSecret });
        _directory.Add(new TestAccount { Id = "u-bob", Username = "bob", EnvironmentId = FlowsTestHost.Environment, Password = "bob-password" });
        _users = new GatedUserDirectory(_directory);
        _agreements.Add("terms", "Terms of use", "en", new Dictionary<string, string> { ["en"] = "Be nice." });
        _profiles = new InMemoryUserProfiles(id => null);
        _profiles.Schema.Add(new UserAttributeDefinition { Name = "given_name" });
    }

    public async Task InitializeAsync()
    {
        _host = await FlowsTestHost.StartAsync(
            FlowsActivityCatalog.Types, services => services.AddSingleton<IUserDirectory>(_users)
                .AddSingleton<IExternalIdentities>(new InMemoryExternalIdentities(_users))
                .AddSingleton<IPasskeys>(new FakePasskeys()).AddSingleton<IRecoveryCodes>(new InMemoryRecoveryCodes())
                .AddSingleton<IAgreements>(_agreements).AddSingleton<IUserProfiles>(_profiles)
                .AddSingleton<IUserRegistrations>(new InMemoryUserRegistrations(TimeProvider.System))
                .AddSingleton<IMfaDevices>(new InMemoryMfaDevices(_users, new FakePasskeys()))
                .AddSingleton<IRememberedDevices>(new InMemoryRememberedDevices(_clock)), clock: _clock);
        var published = new List<FlowDefinition>();
        foreach (var definition in FlowDefinitionLoader.LoadDirectory(RepositoryPaths.Workflows))
        {
            published.Add(await _host.PublishAsync(definition));
        }

        _published = published;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void Every_shipped_workflow_validates_and_publishes_as_version_one()
    {
        Assert.Equal(["adaptive-mfa", "customer-sign-in", "passkey-passwordless", PasswordOrIdentityProvider, PasswordThenOtp, PasswordThenOtpRequired, "password-then-passkey", "risk-checked-password", UsernamePassword], _published.Select(d => d.Id).Order());
        Assert.All(_published, definition => Assert.Equal(1, definition.Version));
    }

    [Fact]
    public async Task Customer_sign_in_goes_from_the_identifier_to_the_password_the_terms_and_the_profile()
    {
        var flow = await StartAsync("customer-sign-in");

        var password = await _host.ResumeAsync(flow.Id, FlowAction.Create(FlowActions.UserLookup, new { username = "bob" }));
        var terms = await _host.ResumeAsync(flow.Id, FlowAction.Create(FlowActions.UsernamePasswordCheck, new { password = "bob-password" }));
        var profile = await _host.ResumeAsync(flow.Id, FlowAction.Create(FlowActions.UserConsent, new { accept = true }));

        Assert.Equal(FlowStatuses.SignOnRequired, flow.Prompt!.Status);
        Assert.Equal(FlowStatuses.UsernamePasswordRequired, password.Prompt!.Status);
        Assert.Equal(FlowStatuses.AgreementConsentRequired, terms.Prompt!.Status);
        Assert.Equal(FlowStatuses.ProfileDataRequired, profile.Prompt!.Status);
    }

    [Fact]
    public async Task Username_password_signs_in_with_the_right_password()
    {
        var flow = await StartAsync(UsernamePassword);
        Assert.Equal(FlowStatuses.UsernamePasswordRequired, flow.Prompt!.Status);

        var done = await _host.ResumeAsync(flow.Id, Password("alice", "alice-password"));

        Assert.Equal(FlowInstanceStatus.Completed, done.Status);
        Assert.Equal(("u-alice", "alice"), (done.State.UserId, done.State.Username));
        Assert.Equal([AuthenticationMethods.Password], done.State.Amr);
    }

    [Fact]
    public async Task Password_then_otp_asks_an_enrolled_user_for_a_code_and_signs_in_with_mfa()
    {
        var flow = await StartAsync(PasswordThenOtp);

        var otpStep = await _host.ResumeAsync(flow.Id, Password("alice", "alice-password"));
        var done = await _host.ResumeAsync(flow.Id, Otp(CurrentCode()));

        Assert.Equal(FlowStatuses.OtpRequired, otpStep.Prompt!.Status);
        Assert.Equal(FlowInstanceStatus.Completed, done.Status);
        Assert.Equal([AuthenticationMethods.Password, AuthenticationMethods.Otp, AuthenticationMethods.MultiFactor], done.State.Amr);
        Assert.Equal("mfa", done.State.Acr);
    }

    [Fact]
    public async Task Password_then_otp_signs_in_a_user_without_a_device_after_the_password()
    {
        var flow = await StartAsync(PasswordThenOtp);

        var done = await _host.ResumeAsync(flow.Id, Password("bob", "bob-password"));

        Assert.Equal(FlowInstanceStatus.Completed, done.Status);
        Assert.Equal([AuthenticationMethods.Password], done.State.Amr);
        Assert.Null(done.State.Acr);
    }

    [Fact]
    public async Task A_wrong_password_keeps_the_step_with_an_error_and_the_right_one_then_signs_in()
    {
        var flow = await StartAsync(UsernamePassword);

        var retry = await _host.ResumeAsync(flow.Id, Password("alice", "wrong"));
        var done = await _host.ResumeAsync(flow.Id, Password("alice", "alice-password"));

        Assert.Equal((FlowInstanceStatus.Suspended, FlowStatuses.UsernamePasswordRequired), (retry.Status, retry.Prompt!.Status));
        Assert.Equal(FlowErrorCodes.InvalidCredentials, retry.Prompt.Error!.Code);
        Assert.Equal(FlowInstanceStatus.Completed, done.Status);
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_which_then_answers_the_right_password_as_a_wrong_one()
    {
        var flow = await StartAsync(UsernamePassword);

        await _host.ResumeAsync(flow.Id, Password("alice", "wrong-1"));
        await _host.ResumeAsync(flow.Id, Password("alice", "wrong-2"));
        var locked = await _host.ResumeAsync(flow.Id, Password("alice", "wrong-3"));
        var next = await _host.ResumeAsync((await StartAsync(UsernamePassword)).Id, Password("alice", "alice-password"));

        Assert.Equal((FlowInstanceStatus.Suspended, FlowErrorCodes.InvalidCredentials), (locked.Status, locked.Prompt!.Error!.Code));
        Assert.Equal((FlowInstanceStatus.Suspended, FlowErrorCodes.InvalidCredentials), (next.Status, next.Prompt!.Error!.Code));
        Assert.Null(next.State.UserId);
    }

    [Fact]
    public async Task A_code_used_once_is_refused_in_another_sign_in()
    {
        var code = CurrentCode();
        var first = await StartAsync(PasswordThenOtp);
        await _host.ResumeAsync(first.Id, Password("alice", "alice-password"));
        Assert.Equal(FlowInstanceStatus.Completed, (await _host.ResumeAsync(first.Id, Otp(code))).Status);

        var second = await StartAsync(PasswordThenOtp);
        await _host.ResumeAsync(second.Id, Password("alice", "alice-password"));
        var replayed = await _host.ResumeAsync(second.Id, Otp(code));

        Assert.Equal((FlowInstanceStatus.Suspended, FlowStatuses.OtpRequired), (replayed.Status, replayed.Prompt!.Status));
        Assert.Equal(FlowErrorCodes.InvalidOtp, replayed.Prompt.Error!.Code);
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(FlowInstanceStatus.Completed, (await _host.ResumeAsync(second.Id, Otp(CurrentCode()))).Status);
    }

    [Fact]
    public async Task Password_then_otp_required_enrolls_a_user_without_a_device_and_then_asks_for_codes()
    {
        var flow = await StartAsync(PasswordThenOtpRequired);

        var enrollment = await _host.ResumeAsync(flow.Id, Password("bob", "bob-password"));
        var key = Base32Encoding.ToBytes(enrollment.Prompt!.Data![OtpEnrollmentFields.Secret]!.GetValue<string>());
        var enrolled = await _host.ResumeAsync(flow.Id, Enroll(new Totp(key).ComputeTotp(_clock.GetUtcNow().UtcDateTime)));
        _clock.Advance(TimeSpan.FromSeconds(30));
        var next = await _host.ResumeAsync((await StartAsync(PasswordThenOtpRequired)).Id, Password("bob", "bob-password"));

        Assert.Equal((FlowInstanceStatus.Suspended, FlowStatuses.OtpEnrollmentRequired), (enrollment.Status, enrollment.Prompt.Status));
        Assert.Equal(FlowInstanceStatus.Completed, enrolled.Status);
        Assert.Equal([AuthenticationMethods.Password, AuthenticationMethods.Otp, AuthenticationMethods.MultiFactor], enrolled.State.Amr);
        Assert.Equal("mfa", enrolled.State.Acr);
        Assert.Empty(enrolled.State.Variables);
        Assert.Equal(FlowStatuses.OtpRequired, next.Prompt!.Status);
    }

    [Fact]
    public async Task Password_then_otp_required_never_completes_on_the_password_alone()
    {
        var enrolledUser = await _host.ResumeAsync((await StartAsync(PasswordThenOtpRequired)).Id, Password("alice", "alice-password"));
        var newUser = await _host.ResumeAsync((await StartAsync(PasswordThenOtpRequired)).Id, Password("bob", "bob-password"));

        Assert.Equal((FlowInstanceStatus.Suspended, FlowStatuses.OtpRequired), (enrolledUser.Status, enrolledUser.Prompt!.Status));
        Assert.Equal((FlowInstanceStatus.Suspended, FlowStatuses.OtpEnrollmentRequired), (newUser.Status, newUser.Prompt!.Status));
    }

    [Fact]
    public async Task A_sign_in_left_idle_for_fifteen_minutes_expires()
    {
        var flow = await StartAsync(PasswordThenOtp);
        await _host.ResumeAsync(flow.Id, Password("alice", "alice-password"));
        _clock.Advance(TimeSpan.FromMinutes(15));

        await Assert.ThrowsAsync<FlowExpiredException>(() => _host.ResumeAsync(flow.Id, Otp(CurrentCode())));

        Assert.Equal(FlowInstanceStatus.Expired, (await _host.FindAsync(flow.Id))!.Status);
    }

    [Fact]
    public async Task Of_two_concurrent_password_submissions_only_one_is_applied()
    {
        var flow = await StartAsync(PasswordThenOtp);
        _users.HoldPasswordChecksUntil(2);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            try
            {
                return (await _host.ResumeAsync(flow.Id, Password("alice", "alice-password"))).Prompt?.Status;
            }
            catch (FlowConflictException)
            {
                return "conflict";
            }
        })));

        Assert.Equal(["conflict", FlowStatuses.OtpRequired], attempts.Order());
        var stored = await _host.FindAsync(flow.Id);
        Assert.Equal((FlowStatuses.OtpRequired, flow.Revision + 1), (stored!.Prompt!.Status, stored.Revision));
        Assert.Single(await _host.JournalAsync(flow.Id), e => e.Action == FlowActions.UsernamePasswordCheck);
    }

    [Fact]
    public async Task After_a_restart_between_password_and_code_the_flow_continues_at_the_code()
    {
        var flow = await StartAsync(PasswordThenOtp);
        await _host.ResumeAsync(flow.Id, Password("alice", "alice-password"));

        await _host.RestartAsync();
        var stored = await _host.FindAsync(flow.Id);
        var done = await _host.ResumeAsync(flow.Id, Otp(CurrentCode()));

        Assert.Equal((FlowInstanceStatus.Suspended, FlowStatuses.OtpRequired), (stored!.Status, stored.Prompt!.Status));
        Assert.Equal(FlowInstanceStatus.Completed, done.Status);
        Assert.Equal("u-alice", done.State.UserId);
    }

    [Fact]
    public async Task A_login_hint_reaches_the_password_step_as_the_prefilled_username()
    {
        var flow = await _host.StartFlowAsync(new FlowStartRequest(FlowsTestHost.Environment, UsernamePassword)
        {
            Variables = new Dictionary<string, JsonElement> { [FlowVariables.LoginHint] = JsonSerializer.SerializeToElement("alice") },
        });

        Assert.Equal("alice", flow.Prompt!.Data![UsernamePasswordFields.Username]!.GetValue<string>());
    }

    private Task<FlowInstance> StartAsync(string definitionId) =>
        _host.StartFlowAsync(new FlowStartRequest(FlowsTestHost.Environment, definitionId));

    private string CurrentCode() => new Totp(AliceSecret).ComputeTotp(_clock.GetUtcNow().UtcDateTime);

    private static FlowAction Password(string username, string password) =>
        FlowAnswers.UsernamePassword(username, password);

    private static FlowAction Otp(string otp) => FlowAnswers.Otp(otp);

    private static FlowAction Enroll(string otp) => FlowAnswers.OtpEnroll(otp);
}
