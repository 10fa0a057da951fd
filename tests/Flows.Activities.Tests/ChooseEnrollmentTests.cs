using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Activities.Messaging;
using Flows.Activities.Tests.TestDoubles;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Definitions;

namespace Flows.Activities.Tests;

/// <summary>The enrolment choice: the kinds offered, one kind taken without asking, a choice, a kind not offered.</summary>
public sealed class ChooseEnrollmentTests
{
    private readonly ActivityTestHarness _harness = new();
    private readonly InMemoryContactDevices _channels;

    public ChooseEnrollmentTests() => _channels = new InMemoryContactDevices(new InMemoryMessagedCodes(_harness.Clock));

    [Fact]
    public async Task Execute_offers_the_allowed_kinds_in_their_order()
    {
        var activity = new ChooseEnrollment(_channels) { AllowedKinds = ["totp", "passkey"] };

        var result = await activity.ExecuteAsync(Context());

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowStatuses.EnrollmentSelectionRequired, prompt.Status);
        Assert.Equal([FlowActions.EnrollmentSelect], prompt.Actions);
        Assert.Equal(["totp", "passkey"], Assert.IsType<JsonArray>(prompt.Data?[EnrollmentSelectionFields.Types]).Select(kind => (string?)kind));
    }

    [Fact]
    public async Task Execute_with_one_allowed_kind_follows_it_without_asking()
    {
        var activity = new ChooseEnrollment(_channels) { AllowedKinds = ["passkey", "sms"] };

        var result = await activity.ExecuteAsync(Context());

        Assert.Equal(ChooseEnrollment.Passkey, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Fact]
    public async Task Execute_with_no_known_kind_allowed_offers_every_kind()
    {
        var activity = new ChooseEnrollment(_channels) { AllowedKinds = [] };

        var result = await activity.ExecuteAsync(Context());

        var kinds = Assert.IsType<JsonArray>(Assert.IsType<SuspendResult>(result).Prompt.Data?[EnrollmentSelectionFields.Types]);
        Assert.Equal(MfaDeviceKinds.Selectable, kinds.Select(kind => (string?)kind));
    }

    [Fact]
    public async Task Resume_with_an_offered_kind_follows_its_outcome()
    {
        var activity = new ChooseEnrollment(_channels) { AllowedKinds = ["totp", "passkey"] };

        var result = await activity.ResumeAsync(Context(), Select("totp"));

        Assert.Equal(ChooseEnrollment.Totp, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Fact]
    public async Task Resume_with_a_kind_not_offered_asks_again_with_an_error()
    {
        var activity = new ChooseEnrollment(_channels) { AllowedKinds = ["totp", "recoveryCodes"] };
        var offeringBoth = new ChooseEnrollment(_channels) { AllowedKinds = ["totp", "passkey"] };

        var refused = await offeringBoth.ResumeAsync(Context(), Select("recoveryCodes"));
        var single = await activity.ExecuteAsync(Context());

        Assert.Equal(FlowErrorCodes.InvalidRequest, Assert.IsType<SuspendResult>(refused).Prompt.Error?.Code);
        Assert.Equal(ChooseEnrollment.Totp, Assert.IsType<OutcomeResult>(single).Name);
    }

    [Fact]
    public void Every_selectable_kind_is_an_outcome_the_graph_can_route()
    {
        var outcomes = ActivityDescriptorFactory.Describe(typeof(ChooseEnrollment)).Outcomes.Select(outcome => outcome.Name);

        Assert.Superset(MfaDeviceKinds.Selectable.ToHashSet(), outcomes.ToHashSet());
    }

    [Fact]
    public async Task Execute_offers_email_and_sms_only_when_the_environment_can_send_on_their_channel()
    {
        var activity = new ChooseEnrollment(_channels) { AllowedKinds = ["totp", "email", "sms"] };
        _channels.Sendable.Add(ContactChannel.Email);

        var result = await activity.ExecuteAsync(Context());

        var kinds = Assert.IsType<JsonArray>(Assert.IsType<SuspendResult>(result).Prompt.Data?[EnrollmentSelectionFields.Types]);
        Assert.Equal(["totp", "email"], kinds.Select(kind => (string?)kind));
    }

    [Fact]
    public async Task Resume_with_email_follows_the_email_outcome()
    {
        var activity = new ChooseEnrollment(_channels) { AllowedKinds = ["totp", "email"] };
        _channels.Sendable.Add(ContactChannel.Email);

        var result = await activity.ResumeAsync(Context(), Select("email"));

        Assert.Equal(MfaDeviceKinds.Email, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Fact]
    public async Task Resume_with_sms_when_the_environment_has_no_gateway_asks_again_with_an_error()
    {
        var activity = new ChooseEnrollment(_channels) { AllowedKinds = ["totp", "passkey", "sms"] };

        var result = await activity.ResumeAsync(Context(), Select("sms"));

        Assert.Equal(FlowErrorCodes.InvalidRequest, Assert.IsType<SuspendResult>(result).Prompt.Error?.Code);
    }

    [Fact]
    public void Email_and_sms_are_outcomes_only_of_nodes_that_allow_them()
    {
        var descriptor = ActivityDescriptorFactory.Describe(typeof(ChooseEnrollment));

        var withEmail = descriptor.OutcomesOf(Node(["totp", "email"]));
        var without = descriptor.OutcomesOf(Node(["totp", "passkey"]));

        Assert.Equal(["totp", "passkey", "email"], withEmail);
        Assert.Equal(["totp", "passkey"], without);
    }

    private static FlowNode Node(string[] kinds) => new()
    {
        Id = "choose",
        Type = nameof(ChooseEnrollment),
        Properties = new Dictionary<string, JsonElement> { ["allowedKinds"] = JsonSerializer.SerializeToElement(kinds) },
    };

    private static FlowAction Select(string kind) =>
        FlowAction.Create(FlowActions.EnrollmentSelect, new JsonObject { [EnrollmentSelectionFields.Type] = kind });

    private ActivityContext Context() => _harness.ContextFor<ChooseEnrollment>();
}
