using System.Text.Json.Nodes;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// Lets a user pick which kind of second factor to enrol, of those the node allows, and follows that kind's outcome
/// to its enrolment step; with one kind allowed, follows it without asking.
/// </summary>
[Activity("Choose what to enrol", ActivityCategories.Mfa,
    "Offers the user the kinds of second factor the node allows (an authenticator app, a passkey) and follows the outcome of the chosen kind, to its enrolment step. A single allowed kind is taken without asking.")]
public sealed class ChooseEnrollment : InteractiveActivity
{
    [Outcome("The user chose to set up an authenticator app.")]
    public const string Totp = MfaDeviceKinds.Totp;

    [Outcome("The user chose to create a passkey.")]
    public const string Passkey = MfaDeviceKinds.Passkey;

    private const string UnknownKindMessage = "Choose one of the options listed.";

    [ActivityInput("Allowed kinds", "The kinds the user may enrol, in the order offered: totp, passkey. Empty: all of them.",
        Default = new[] { MfaDeviceKinds.Passkey, MfaDeviceKinds.Totp })]
    public string[] AllowedKinds { get; set; } = [MfaDeviceKinds.Passkey, MfaDeviceKinds.Totp];

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var offered = Offered();
        return ValueTask.FromResult(offered.Count == 1 ? ActivityResult.Outcome(offered[0]) : ActivityResult.Suspend(Prompt(offered)));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action)
    {
        var offered = Offered();
        var chosen = action.GetString(EnrollmentSelectionFields.Type);
        return ValueTask.FromResult(offered.Contains(chosen ?? "", StringComparer.Ordinal)
            ? ActivityResult.Outcome(chosen!)
            : ActivityResult.Suspend(Prompt(offered) with { Error = new FlowError(FlowErrorCodes.InvalidRequest, UnknownKindMessage) }));
    }

    /// <summary>The allowed kinds this activity can route (no unknown or duplicate names); all of them when none is.</summary>
    private List<string> Offered()
    {
        var allowed = (AllowedKinds ?? []).Select(kind => kind.Trim()).Where(MfaDeviceKinds.IsSelectable).Distinct(StringComparer.Ordinal).ToList();
        return allowed.Count > 0 ? allowed : [.. MfaDeviceKinds.Selectable];
    }

    private static FlowPrompt Prompt(IReadOnlyList<string> offered) => new(
        FlowStatuses.EnrollmentSelectionRequired,
        [FlowActions.EnrollmentSelect],
        new JsonObject { [EnrollmentSelectionFields.Types] = new JsonArray([.. offered.Select(kind => (JsonNode)kind)]) });
}
