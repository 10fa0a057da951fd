using System.Text.Json;
using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;

namespace Flows.Activities.Tests;

/// <summary>The agreement step: the current version in the user's language, accepting, declining, and not asking twice.</summary>
public sealed class AskForAgreementTests
{
    private readonly ActivityTestHarness _harness = new();
    private readonly InMemoryAgreements _agreements = new();
    private readonly AskForAgreement _activity;

    public AskForAgreementTests()
    {
        _agreements.Add("terms", "Terms of use", "en",
            new() { ["en"] = "Old terms." },
            new() { ["en"] = "Be nice.", ["de"] = "Sei nett." });
        _harness.State.UserId = "user-alice";
        _harness.State.Username = "alice";
        _activity = new AskForAgreement(_agreements) { Agreement = "terms" };
    }

    [Fact]
    public async Task Execute_shows_the_current_version_in_the_users_language()
    {
        _harness.State.Variables[FlowVariables.UiLocales] = JsonSerializer.SerializeToElement(new[] { "fr", "de-CH" });

        var prompt = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;

        Assert.Equal(FlowStatuses.AgreementConsentRequired, prompt.Status);
        Assert.Equal([FlowActions.UserConsent], prompt.Actions);
        Assert.Equal("Sei nett.", (string?)prompt.Data?[AgreementFields.Agreement]?[AgreementFields.Text]);
        Assert.Equal(2, (int?)prompt.Data?[AgreementFields.Agreement]?[AgreementFields.Version]);
    }

    [Fact]
    public async Task Execute_falls_back_to_the_default_language()
    {
        _harness.State.Variables[FlowVariables.UiLocales] = JsonSerializer.SerializeToElement(new[] { "ja" });

        var prompt = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;

        Assert.Equal("Be nice.", (string?)prompt.Data?[AgreementFields.Agreement]?[AgreementFields.Text]);
        Assert.Equal("en", (string?)prompt.Data?[AgreementFields.Agreement]?[AgreementFields.Language]);
    }

    [Fact]
    public async Task Accepting_records_the_version_shown_and_the_next_flow_skips_the_step()
    {
        await _activity.ExecuteAsync(Context());
        var accepted = await _activity.ResumeAsync(Context(), FlowAction.Create(FlowActions.UserConsent, new { accept = true }));
        _harness.StartNewFlow();
        _harness.State.UserId = "user-alice";
        var again = await _activity.ExecuteAsync(Context());

        Assert.Equal(AskForAgreement.Accepted, Assert.IsType<OutcomeResult>(accepted).Name);
        Assert.Equal([("user-alice", "terms", 2)], _agreements.Accepted);
        Assert.Equal(AskForAgreement.Accepted, Assert.IsType<OutcomeResult>(again).Name);
    }

    [Fact]
    public async Task An_earlier_version_accepted_is_asked_again()
    {
        await _agreements.RecordAcceptanceAsync("env", "user-alice", "terms", 1, CancellationToken.None);

        Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context()));
    }

    [Fact]
    public async Task Declining_follows_declined_and_records_nothing()
    {
        await _activity.ExecuteAsync(Context());

        var result = await _activity.ResumeAsync(Context(), FlowAction.Create(FlowActions.UserConsent, new { accept = "false" }));

        Assert.Equal(AskForAgreement.Declined, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Empty(_agreements.Accepted);
    }

    [Fact]
    public async Task An_answer_that_is_neither_keeps_the_step_with_an_error()
    {
        await _activity.ExecuteAsync(Context());

        var result = await _activity.ResumeAsync(Context(), FlowAction.Create(FlowActions.UserConsent, new { accept = "maybe" }));

        Assert.Equal(FlowErrorCodes.InvalidRequest, Assert.IsType<SuspendResult>(result).Prompt.Error?.Code);
        Assert.Empty(_agreements.Accepted);
    }

    [Fact]
    public async Task A_missing_agreement_or_user_fails_the_flow()
    {
        var missing = await new AskForAgreement(_agreements) { Agreement = "privacy" }.ExecuteAsync(Context());
        _harness.State.UserId = null;
        var anonymous = await _activity.ExecuteAsync(Context());

        Assert.Equal(FlowErrorCodes.AgreementNotFound, Assert.IsType<FailResult>(missing).Error.Code);
        Assert.Equal(FlowErrorCodes.UserNotIdentified, Assert.IsType<FailResult>(anonymous).Error.Code);
    }

    private ActivityContext Context() => _harness.ContextFor<AskForAgreement>();
}
