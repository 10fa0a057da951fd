using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;

namespace Flows.Activities.Tests;

/// <summary>The sign-in step: completes only for an authenticated, still enabled user, and sets the acr.</summary>
public sealed class SignInTests
{
    private readonly ActivityTestHarness _harness = new();
    private readonly TestAccount _alice;

    public SignInTests()
    {
        _alice = _harness.Users.Add(new TestAccount { Id = "user-alice", Username = "alice" });
    }

    [Fact]
    public async Task Execute_completes_the_flow_and_sets_the_acr()
    {
        _harness.SignInWithPassword(_alice);

        var result = await new SignIn(_harness.Users) { Acr = "mfa" }.ExecuteAsync(Context());

        Assert.IsType<CompleteResult>(result);
        Assert.Equal("mfa", _harness.State.Acr);
    }

    [Fact]
    public async Task Execute_without_an_acr_completes_and_leaves_the_acr_unset()
    {
        _harness.SignInWithPassword(_alice);

        var result = await new SignIn(_harness.Users).ExecuteAsync(Context());

        Assert.IsType<CompleteResult>(result);
        Assert.Null(_harness.State.Acr);
    }

    [Fact]
    public async Task Execute_without_a_user_fails_the_flow()
    {
        var result = await new SignIn(_harness.Users) { Acr = "mfa" }.ExecuteAsync(Context());

        Assert.Equal(FlowErrorCodes.UserNotAuthenticated, Assert.IsType<FailResult>(result).Error.Code);
        Assert.Null(_harness.State.Acr);
    }

    [Fact]
    public async Task Execute_with_a_user_identified_but_not_authenticated_fails_the_flow()
    {
        _harness.State.UserId = _alice.Id;

        var result = await new SignIn(_harness.Users).ExecuteAsync(Context());

        Assert.Equal(FlowErrorCodes.UserNotAuthenticated, Assert.IsType<FailResult>(result).Error.Code);
    }

    [Fact]
    public async Task Execute_for_a_user_disabled_during_the_flow_fails_the_flow()
    {
        _harness.SignInWithPassword(_alice);
        _alice.Enabled = false;

        var result = await new SignIn(_harness.Users).ExecuteAsync(Context());

        Assert.Equal(FlowErrorCodes.UserDisabled, Assert.IsType<FailResult>(result).Error.Code);
    }

    [Fact]
    public async Task Execute_for_a_third_party_application_asks_for_consent_and_an_answer_records_it()
    {
        _harness.SignInWithPassword(_alice);
        _harness.State.Variables[FlowVariables.Consent] =
            new ConsentRequest("Partner", [new ConsentScope("openid", "Know who you are")], Forced: false).ToVariable();
        var signIn = new SignIn(_harness.Users);

        var asked = await signIn.ExecuteAsync(Context());
        var missing = await signIn.ResumeAsync(Context(), FlowAction.Create(FlowActions.UserConsent, new { }));
        var denied = await signIn.ResumeAsync(Context(), FlowAction.Create(FlowActions.UserConsent, new { accept = false }));

        Assert.Equal(FlowStatuses.ConsentRequired, Assert.IsType<SuspendResult>(asked).Prompt.Status);
        Assert.Equal(FlowErrorCodes.InvalidRequest, Assert.IsType<SuspendResult>(missing).Prompt.Error!.Code);
        Assert.IsType<CompleteResult>(denied);
        Assert.Equal(ConsentDecisions.Denied, ConsentRequest.DecisionOf(_harness.State));
    }

    private ActivityContext Context() => _harness.ContextFor<SignIn>("signIn");
}
