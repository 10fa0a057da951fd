using System.Text.Json.Nodes;
using Flows.Activities.IdentityProviders;
using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;

namespace Flows.Activities.Tests;

/// <summary>Identifier first: where each kind of identifier goes, and that an unknown one looks like a known one to the password step.</summary>
public sealed class AskForIdentifierTests
{
    private const string Password = "correct horse battery";

    private readonly ActivityTestHarness _harness = new();
    private readonly FakePasskeys _passkeys = new();
    private readonly InMemoryExternalIdentities _identities;
    private readonly AskForIdentifier _activity;

    public AskForIdentifierTests()
    {
        _harness.Users.Add(new TestAccount { Id = "user-alice", Username = "alice", Password = Password });
        _harness.Users.Add(new TestAccount { Id = "user-bob", Username = "bob", Password = Password });
        _passkeys.Add("user-bob", "bob-key");
        _identities = new InMemoryExternalIdentities(_harness.Users);
        _identities.Add(new ExternalProvider("corporate", "Corporate", ["corp.example"]));
        _activity = new AskForIdentifier(_harness.Users, _passkeys, _identities) { Provider = "corporate" };
    }

    [Fact]
    public async Task Execute_asks_for_the_identifier_alone()
    {
        var prompt = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;

        Assert.Equal(FlowStatuses.SignOnRequired, prompt.Status);
        Assert.Equal([FlowActions.UserLookup], prompt.Actions);
    }

    [Theory]
    [InlineData("alice", AskForIdentifier.Password)]
    [InlineData("ALICE", AskForIdentifier.Password)]
    [InlineData("bob", AskForIdentifier.Passkey)]
    [InlineData("carol@corp.example", AskForIdentifier.IdentityProvider)]
    [InlineData("nobody", AskForIdentifier.Password)]
    public async Task Each_identifier_follows_its_outcome(string identifier, string outcome)
    {
        Assert.Equal(outcome, await LookUpAsync(_activity, identifier));
    }

    [Fact]
    public async Task An_unknown_identifier_follows_unknown_only_when_revealed_and_register_when_allowed()
    {
        var revealing = new AskForIdentifier(_harness.Users, _passkeys, _identities) { RevealUnknown = true };
        var registering = new AskForIdentifier(_harness.Users, _passkeys, _identities) { AllowRegistration = true };

        Assert.Equal(AskForIdentifier.Unknown, await LookUpAsync(revealing, "nobody"));
        Assert.Equal(AskForIdentifier.Register, await LookUpAsync(registering, "nobody"));
        Assert.Equal(AskForIdentifier.Password, await LookUpAsync(registering, "alice"));
    }

    [Fact]
    public async Task Offered_registration_adds_user_register_which_follows_register_whoever_is_typed()
    {
        var offering = new AskForIdentifier(_harness.Users, _passkeys, _identities) { OfferRegistration = true };

        var prompt = Assert.IsType<SuspendResult>(await offering.ExecuteAsync(Context())).Prompt;
        var result = await offering.ResumeAsync(Context(), FlowAction.Create(FlowActions.UserRegister, new { }));
        var plain = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;

        Assert.Equal([FlowActions.UserLookup, FlowActions.UserRegister], prompt.Actions);
        Assert.Equal(AskForIdentifier.Register, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal([FlowActions.UserLookup], plain.Actions);
    }

    [Fact]
    public async Task A_blank_identifier_keeps_the_step_with_an_error()
    {
        var result = await _activity.ResumeAsync(Context(), FlowAction.Create(FlowActions.UserLookup, new { username = "  " }));

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowStatuses.SignOnRequired, prompt.Status);
        Assert.Equal(FlowErrorCodes.InvalidRequest, prompt.Error?.Code);
    }

    [Fact]
    public async Task The_lookup_identifies_no_one_before_the_password()
    {
        await LookUpAsync(_activity, "alice");

        Assert.Null(_harness.State.UserId);
        Assert.Empty(_harness.State.Amr);
    }

    [Fact]
    public async Task The_password_step_asks_a_known_and_an_unknown_identifier_alike_and_refuses_both_alike()
    {
        var (knownPrompt, knownError) = await PasswordStepAsync("alice", "wrong password");
        var (unknownPrompt, unknownError) = await PasswordStepAsync("nobody", Password);

        Assert.Equal(Shape(knownPrompt), Shape(unknownPrompt));
        Assert.Equal("alice", (string?)knownPrompt?[UsernamePasswordFields.User]?[UsernamePasswordFields.Username]);
        Assert.Equal("nobody", (string?)unknownPrompt?[UsernamePasswordFields.User]?[UsernamePasswordFields.Username]);
        Assert.Equal(knownError, unknownError);
        Assert.Equal(FlowErrorCodes.InvalidCredentials, knownError?.Code);
    }

    [Fact]
    public async Task The_password_step_signs_in_the_identified_user_with_the_right_password()
    {
        await LookUpAsync(_activity, "alice");
        var step = new AskForUsernamePassword(_harness.Users);

        var result = await step.ResumeAsync(_harness.ContextFor<AskForUsernamePassword>(),
            FlowAction.Create(FlowActions.UsernamePasswordCheck, new { password = Password }));

        Assert.Equal(AskForUsernamePassword.Success, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal("user-alice", _harness.State.UserId);
    }

    [Fact]
    public async Task The_password_step_refuses_another_username_than_the_identifier()
    {
        await LookUpAsync(_activity, "alice");
        var step = new AskForUsernamePassword(_harness.Users);

        var result = await step.ResumeAsync(_harness.ContextFor<AskForUsernamePassword>(),
            FlowAction.Create(FlowActions.UsernamePasswordCheck, new { username = "bob", password = Password }));

        Assert.Equal(FlowErrorCodes.InvalidRequest, Assert.IsType<SuspendResult>(result).Prompt.Error?.Code);
        Assert.Null(_harness.State.UserId);
    }

    private async Task<string> LookUpAsync(AskForIdentifier activity, string identifier)
    {
        _harness.StartNewFlow();
        var result = await activity.ResumeAsync(Context(), FlowAction.Create(FlowActions.UserLookup, new { username = identifier }));
        return Assert.IsType<OutcomeResult>(result).Name;
    }

    private async Task<(JsonObject? Prompt, Engine.Instances.FlowError? Error)> PasswordStepAsync(string identifier, string password)
    {
        Assert.Equal(AskForIdentifier.Password, await LookUpAsync(_activity, identifier));
        var step = new AskForUsernamePassword(_harness.Users);
        var asked = Assert.IsType<SuspendResult>(await step.ExecuteAsync(_harness.ContextFor<AskForUsernamePassword>())).Prompt;
        var refused = Assert.IsType<SuspendResult>(await step.ResumeAsync(_harness.ContextFor<AskForUsernamePassword>(),
            FlowAction.Create(FlowActions.UsernamePasswordCheck, new { password }))).Prompt;
        Assert.Equal(FlowStatuses.UsernamePasswordRequired, asked.Status);
        return (asked.Data, refused.Error);
    }

    /// <summary>The prompt's structure with every string value blanked: what differs between two users must be only their names.</summary>
    private static string Shape(JsonNode? node) => node switch
    {
        JsonObject obj => "{" + string.Join(",", obj.Select(pair => pair.Key + ":" + Shape(pair.Value))) + "}",
        JsonArray array => "[" + string.Join(",", array.Select(Shape)) + "]",
        null => "null",
        _ => node.GetValueKind().ToString(),
    };

    private ActivityContext Context() => _harness.ContextFor<AskForIdentifier>();
}
