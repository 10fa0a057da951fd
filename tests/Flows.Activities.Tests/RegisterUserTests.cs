using System.Text.Json.Nodes;
using Flows.Activities.Tests.TestDoubles;
using Flows.Activities.Users;
using Flows.Engine.Activities;

namespace Flows.Activities.Tests;

/// <summary>Registration: the form shows the policy and the listed attributes; refused values store nothing; a taken username is answered as a new one.</summary>
public sealed class RegisterUserTests
{
    private readonly ActivityTestHarness _harness = new();
    private readonly InMemoryUserRegistrations _registrations;
    private readonly InMemoryUserProfiles _profiles = new(_ => null);
    private readonly RegisterUser _activity;

    public RegisterUserTests()
    {
        _registrations = new InMemoryUserRegistrations(_harness.Clock);
        _profiles.Schema.AddRange([
            new UserAttributeDefinition { Name = "given_name", DisplayName = "First name", Required = true },
            new UserAttributeDefinition { Name = "birthdate", Type = UserAttributeTypes.Date, DisplayName = "Date of birth" },
        ]);
        _activity = new RegisterUser(_registrations, _profiles) { Attributes = ["given_name", "birthdate", "notInSchema"] };
    }

    [Fact]
    public async Task Execute_asks_for_the_listed_attributes_and_shows_the_password_policy()
    {
        var prompt = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;

        Assert.Equal(FlowStatuses.RegistrationRequired, prompt.Status);
        Assert.Equal([FlowActions.UserRegister], prompt.Actions);
        var asked = prompt.Data![RegistrationFields.Attributes]!.AsArray();
        Assert.Equal(["given_name", "birthdate"], asked.Select(attribute => (string?)attribute![ProfileFields.Name]));
        Assert.Equal([true, false], asked.Select(attribute => (bool)attribute![ProfileFields.Required]!));
        Assert.Equal(8, (int)prompt.Data[RegistrationFields.PasswordPolicy]![RegistrationFields.MinLength]!);
    }

    [Fact]
    public async Task A_valid_registration_follows_registered_and_leaves_the_account_for_verification_without_the_password()
    {
        var result = await _activity.ResumeAsync(Context(), Register("nina", "nina@example.com", "long-enough-1", new JsonObject { ["given_name"] = "Nina" }));

        Assert.Equal(RegisterUser.Registered, Assert.IsType<OutcomeResult>(result).Name);
        var pending = PendingRegistration.Of(_harness.State)!;
        Assert.Equal(("nina", "nina@example.com"), (pending.Username, pending.Email));
        Assert.False(_registrations.Accounts[pending.UserId!].Enabled);
        Assert.Null(_harness.State.UserId);
        Assert.DoesNotContain("long-enough-1", System.Text.Json.JsonSerializer.Serialize(_harness.State.Variables), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_values_are_rejected_with_each_fields_problem_and_nothing_is_registered()
    {
        var result = await _activity.ResumeAsync(Context(),
            Register("nina", "no-address", "short", new JsonObject { ["birthdate"] = "31.12.1990" }));

        var error = Assert.IsType<RejectResult>(result).Error;
        Assert.Equal(FlowErrorCodes.InvalidValue, error.Code);
        Assert.Equal(["birthdate", "email", "given_name", "password"], error.Details!.Select(detail => detail.Target).Order());
        Assert.Empty(_registrations.Accounts);
        Assert.Null(PendingRegistration.Of(_harness.State));
    }

    [Fact]
    public async Task A_password_equal_to_the_username_is_refused()
    {
        var result = await _activity.ResumeAsync(Context(), Register("nina-nina", "nina@example.com", "NINA-NINA", new JsonObject { ["given_name"] = "Nina" }));

        Assert.Equal("password", Assert.Single(Assert.IsType<RejectResult>(result).Error.Details!).Target);
    }

    [Fact]
    public async Task A_taken_username_follows_registered_as_a_new_one_but_registers_no_account()
    {
        _registrations.TakenUsernames.Add("erin");

        var result = await _activity.ResumeAsync(Context(), Register("erin", "someone@example.com", "long-enough-1", new JsonObject { ["given_name"] = "E" }));

        Assert.Equal(RegisterUser.Registered, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Null(PendingRegistration.Of(_harness.State)!.UserId);
        Assert.Empty(_registrations.Accounts);
    }

    [Fact]
    public async Task Attributes_the_step_does_not_ask_are_not_taken()
    {
        await _activity.ResumeAsync(Context(), Register("nina", "nina@example.com", "long-enough-1",
            new JsonObject { ["given_name"] = "Nina", ["role"] = "admin" }));

        Assert.Equal(["given_name"], _registrations.LastAttributes.Keys);
    }

    private static FlowAction Register(string username, string email, string password, JsonObject attributes) =>
        FlowAction.Create(FlowActions.UserRegister, new JsonObject
        {
            [RegistrationFields.Username] = username,
            [RegistrationFields.Email] = email,
            [RegistrationFields.Password] = password,
            [RegistrationFields.Attributes] = attributes,
        });

    private ActivityContext Context() => _harness.ContextFor<RegisterUser>();
}
