using System.Text.Json.Nodes;
using Flows.Activities.Messaging;
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
/// The shipped <c>adaptive-mfa</c> flow, loaded by the production loader and driven through the engine: a remembered
/// browser skips the second factor (and claims none), a passkey comes before an authenticator app, an app before
/// enrolment, and a user with neither chooses what to set up.
/// </summary>
public sealed class AdaptiveMfaScenarioTests : IAsyncLifetime
{
    private const string Flow = "adaptive-mfa";
    private static readonly byte[] AliceSecret = "alice-totp-secret-20"u8.ToArray();

    private readonly FakeTimeProvider _clock = new(FlowsTestHost.StartTime);
    private readonly InMemoryUserDirectory _users;
    private readonly FakePasskeys _passkeys = new();
    private readonly InMemoryRecoveryCodes _codes = new();
    private readonly InMemoryRememberedDevices _remembered;
    private readonly InMemoryMessagedCodes _sent;
    private readonly InMemoryContactDevices _addresses;
    private FlowsTestHost _host = null!;

    public AdaptiveMfaScenarioTests()
    {
        _users = new InMemoryUserDirectory(_clock);
        _users.Add(new TestAccount { Id = "u-alice", Username = "alice", EnvironmentId = FlowsTestHost.Environment, Password = "alice-password", TotpSecret = AliceSecret });
        _users.Add(new TestAccount { Id = "u-bob", Username = "bob", EnvironmentId = FlowsTestHost.Environment, Password = "bob-password" });
        _remembered = new InMemoryRememberedDevices(_clock);
        _sent = new InMemoryMessagedCodes(_clock);
        _addresses = new InMemoryContactDevices(_sent);
    }

    public async Task InitializeAsync()
    {
        _host = await FlowsTestHost.StartAsync(
            FlowsActivityCatalog.Types, services => services.AddSingleton<IUserDirectory>(_users)
                .AddSingleton<IPasskeys>(_passkeys).AddSingleton<IRecoveryCodes>(_codes)
                .AddSingleton<IMfaDevices>(new InMemoryMfaDevices(_users, _passkeys, _sent))
                .AddSingleton<IMessagedCodes>(_sent).AddSingleton<IContactDevices>(_addresses)
                .AddSingleton<IRememberedDevices>(_remembered), clock: _clock);
        await _host.PublishAsync(FlowDefinitionLoader.LoadFile(Path.Combine(RepositoryPaths.Workflows, $"{Flow}.json")));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_user_with_an_authenticator_enters_a_code_and_may_have_the_browser_remembered_for_30_days()
    {
        var flow = await StartAsync();

        var otp = await _host.ResumeAsync(flow.Id, FlowAnswers.UsernamePassword("alice", "alice-password"));
        var remember = await _host.ResumeAsync(flow.Id, FlowAnswers.Otp(AliceCode()));
        var done = await _host.ResumeAsync(flow.Id, Remember(true));

        Assert.Equal(FlowStatuses.OtpRequired, otp.Prompt!.Status);
        Assert.Equal(FlowStatuses.RememberDeviceRequired, remember.Prompt!.Status);
        Assert.Equal(FlowInstanceStatus.Completed, done.Status);
        Assert.Equal([AuthenticationMethods.Password, AuthenticationMethods.Otp, AuthenticationMethods.MultiFactor], done.State.Amr);
        Assert.Equal("mfa", done.State.Acr);
        Assert.Equal(TimeSpan.FromDays(30), _remembered.LifetimeOf("u-alice"));
    }

    [Fact]
    public async Task A_remembered_browser_skips_the_second_factor_and_claims_only_the_password()
    {
        await _remembered.RememberAsync(FlowsTestHost.Environment, "u-alice", TimeSpan.FromDays(30), CancellationToken.None);
        var flow = await StartAsync();

        var done = await _host.ResumeAsync(flow.Id, FlowAnswers.UsernamePassword("alice", "alice-password"));
        var journal = await _host.JournalAsync(flow.Id);

        Assert.Equal(FlowInstanceStatus.Completed, done.Status);
        Assert.Equal([AuthenticationMethods.Password], done.State.Amr);
        Assert.Null(done.State.Acr);
        Assert.Contains(journal, entry => entry is { NodeId: "remembered", Outcome: DeviceRemembered.Yes });
    }

    [Fact]
    public async Task A_user_with_a_passkey_is_asked_for_it_rather_than_for_a_code()
    {
        _passkeys.Add("u-alice", "pk-alice");
        var flow = await StartAsync();

        var asked = await _host.ResumeAsync(flow.Id, FlowAnswers.UsernamePassword("alice", "alice-password"));

        Assert.Equal(FlowStatuses.AssertionRequired, asked.Prompt!.Status);
    }

    [Fact]
    public async Task A_user_with_a_passkey_at_hand_signs_in_with_it_and_without_may_use_a_recovery_code()
    {
        _passkeys.Add("u-bob", "pk-bob");
        var codes = await _codes.RegenerateAsync(FlowsTestHost.Environment, "u-bob", CancellationToken.None);
        var withPasskey = await StartAsync();
        var withCode = await StartAsync();

        var asked = await _host.ResumeAsync(withPasskey.Id, FlowAnswers.UsernamePassword("bob", "bob-password"));
        var signedIn = await _host.ResumeAsync(withPasskey.Id, Assertion(asked, "pk-bob"));
        await _host.ResumeAsync(withCode.Id, FlowAnswers.UsernamePassword("bob", "bob-password"));
        await _host.ResumeAsync(withCode.Id, FlowAction.Create(FlowActions.RecoveryCodeUse, new { }));
        var recovered = await _host.ResumeAsync(withCode.Id, FlowAction.Create(FlowActions.RecoveryCodeCheck, new JsonObject { [RecoveryCodeFields.Code] = codes[0] }));

        Assert.Equal(FlowStatuses.RememberDeviceRequired, signedIn.Prompt!.Status);
        Assert.Contains(AuthenticationMethods.SoftwareKey, signedIn.State.Amr);
        Assert.Equal(FlowStatuses.RememberDeviceRequired, recovered.Prompt!.Status);
        Assert.Contains(AuthenticationMethods.MultiFactor, recovered.State.Amr);
    }

    [Fact]
    public async Task A_user_without_a_device_chooses_an_authenticator_app_sets_it_up_and_gets_recovery_codes()
    {
        var flow = await StartAsync();

        var choice = await _host.ResumeAsync(flow.Id, FlowAnswers.UsernamePassword("bob", "bob-password"));
        var enrolling = await _host.ResumeAsync(flow.Id, Choose(MfaDeviceKinds.Totp));
        var key = Base32Encoding.ToBytes(enrolling.Prompt!.Data![OtpEnrollmentFields.Secret]!.GetValue<string>());
        var issued = await _host.ResumeAsync(flow.Id, FlowAnswers.OtpEnroll(new Totp(key).ComputeTotp(_clock.GetUtcNow().UtcDateTime)));
        var remember = await _host.ResumeAsync(flow.Id, FlowAction.Create(FlowActions.RecoveryCodesAcknowledge, new { }));
        var done = await _host.ResumeAsync(flow.Id, Remember(false));

        Assert.Equal(FlowStatuses.EnrollmentSelectionRequired, choice.Prompt!.Status);
        Assert.Equal(FlowStatuses.OtpEnrollmentRequired, enrolling.Prompt.Status);
        Assert.Equal(FlowStatuses.MfaRecoveryCodesIssued, issued.Prompt!.Status);
        Assert.Equal(FlowStatuses.RememberDeviceRequired, remember.Prompt!.Status);
        Assert.Equal(FlowInstanceStatus.Completed, done.Status);
        Assert.Equal("mfa", done.State.Acr);
        Assert.Null(_remembered.LifetimeOf("u-bob"));
        Assert.NotEmpty(_codes.CodesOf("u-bob"));
    }

    [Fact]
    public async Task A_user_without_a_device_may_enrol_an_email_address_proven_by_a_code_and_is_asked_for_a_code_there_next_time()
    {
        _addresses.Sendable.Add(ContactChannel.Email);
        var flow = await StartAsync();

        var choice = await _host.ResumeAsync(flow.Id, FlowAnswers.UsernamePassword("bob", "bob-password"));
        var asked = await _host.ResumeAsync(flow.Id, Choose(MfaDeviceKinds.Email));
        var code = await _host.ResumeAsync(flow.Id, FlowAnswers.EmailEnroll("bob@example.com"));
        var remember = await _host.ResumeAsync(flow.Id, FlowAnswers.Otp(_sent.LastCode));
        var done = await _host.ResumeAsync(flow.Id, Remember(false));
        var next = await StartAsync();
        var nextCode = await _host.ResumeAsync(next.Id, FlowAnswers.UsernamePassword("bob", "bob-password"));

        Assert.Equal(["totp", "passkey", "email"], choice.Prompt!.Data![EnrollmentSelectionFields.Types]!.AsArray().Select(kind => (string?)kind));
        Assert.Equal(FlowStatuses.EmailEnrollmentRequired, asked.Prompt!.Status);
        Assert.Equal(FlowStatuses.OtpRequired, code.Prompt!.Status);
        Assert.Equal(FlowStatuses.RememberDeviceRequired, remember.Prompt!.Status);
        Assert.Equal(FlowInstanceStatus.Completed, done.Status);
        Assert.Equal("mfa", done.State.Acr);
        Assert.Contains(AuthenticationMethods.Email, done.State.Amr);
        Assert.Equal(FlowStatuses.OtpRequired, nextCode.Prompt!.Status);
        Assert.Equal(["bob@example.com", "bob@example.com"], _sent.Sent.Select(sent => sent.Address));
    }

    [Fact]
    public async Task Without_mail_settings_email_is_not_offered()
    {
        var flow = await StartAsync();

        var choice = await _host.ResumeAsync(flow.Id, FlowAnswers.UsernamePassword("bob", "bob-password"));

        Assert.Equal(["totp", "passkey"], choice.Prompt!.Data![EnrollmentSelectionFields.Types]!.AsArray().Select(kind => (string?)kind));
    }

    [Fact]
    public async Task A_user_without_a_device_who_chooses_a_passkey_creates_it_and_then_proves_it()
    {
        var flow = await StartAsync();

        await _host.ResumeAsync(flow.Id, FlowAnswers.UsernamePassword("bob", "bob-password"));
        var registering = await _host.ResumeAsync(flow.Id, Choose(MfaDeviceKinds.Passkey));
        var challenge = registering.Prompt!.Data![PasskeyFields.PublicKey]!["challenge"]!.GetValue<string>();
        await _host.ResumeAsync(flow.Id, FlowAction.Create(FlowActions.PasskeyRegister, new { attestation = new { challenge, credentialId = "pk-new" } }));
        var asked = await _host.ResumeAsync(flow.Id, FlowAction.Create(FlowActions.RecoveryCodesAcknowledge, new { }));
        var proved = await _host.ResumeAsync(flow.Id, Assertion(asked, "pk-new"));

        Assert.Equal(FlowStatuses.PasskeyRegistrationRequired, registering.Prompt.Status);
        Assert.Equal(FlowStatuses.AssertionRequired, asked.Prompt!.Status);
        Assert.Equal(FlowStatuses.RememberDeviceRequired, proved.Prompt!.Status);
        Assert.Contains(AuthenticationMethods.MultiFactor, proved.State.Amr);
    }

    private Task<FlowInstance> StartAsync() => _host.StartFlowAsync(new FlowStartRequest(FlowsTestHost.Environment, Flow));

    private string AliceCode() => new Totp(AliceSecret).ComputeTotp(_clock.GetUtcNow().UtcDateTime);

    private static FlowAction Choose(string kind) =>
        FlowAction.Create(FlowActions.EnrollmentSelect, new JsonObject { [EnrollmentSelectionFields.Type] = kind });

    private static FlowAction Remember(bool remember) =>
        FlowAction.Create(FlowActions.DeviceRemember, new JsonObject { [RememberDeviceFields.Remember] = remember });

    private static FlowAction Assertion(FlowInstance asked, string credentialId) =>
        FlowAction.Create(FlowActions.AssertionCheck, new
        {
            assertion = FakePasskeys.Response(asked.Prompt!.Data![PasskeyFields.PublicKey]!.AsObject(), credentialId),
        });
}
