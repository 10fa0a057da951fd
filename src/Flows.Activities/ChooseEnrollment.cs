using System.Text.Json.Nodes;
using Flows.Activities.Messaging;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// Lets a user pick which kind of second factor to enrol, of those the node allows, and follows that kind's outcome
/// to its enrolment step; with one kind allowed, follows it without asking. E-mail and SMS are offered only when the
/// environment can send on that channel.
/// </summary>
[Activity("Choose what to enrol", ActivityCategories.Mfa,
    "Offers the user the kinds of second factor the node allows (an authenticator app, a passkey, an e-mail address, a phone number) and follows the outcome of the chosen kind, to its enrolment step. E-mail and SMS are offered only when the environment can send on that channel. A single offered kind is taken without asking.")]
public sealed class ChooseEnrollment(IContactDevices channels) : InteractiveActivity
{
    [Outcome("The user chose to set up an authenticator app.")]
    public const string Totp = MfaDeviceKinds.Totp;

    [Outcome("The user chose to create a passkey.")]
    public const string Passkey = MfaDeviceKinds.Passkey;

    private const string UnknownKindMessage = "Choose one of the options listed.";

    [ActivityInput("Allowed kinds",
        "The kinds the user may enrol, in the order offered: totp, passkey, and email or sms, each of these two one more outcome. Empty: totp and passkey.",
        Default = new[] { MfaDeviceKinds.Passkey, MfaDeviceKinds.Totp }, NamesOutcomes = true)]
    public string[] AllowedKinds { get; set; } = [MfaDeviceKinds.Passkey, MfaDeviceKinds.Totp];

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var offered = await OfferedAsync(context);
        return offered.Count == 1 ? ActivityResult.Outcome(offered[0]) : ActivityResult.Suspend(Prompt(offered));
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action)
    {
        var offered = await OfferedAsync(context);
        var chosen = action.GetString(EnrollmentSelectionFields.Type);
        return offered.Contains(chosen ?? "", StringComparer.Ordinal)
            ? ActivityResult.Outcome(chosen!)
            : ActivityResult.Suspend(Prompt(offered) with { Error = new FlowError(FlowErrorCodes.InvalidRequest, UnknownKindMessage) });
    }

    /// <summary>
    /// The allowed kinds this node can route (no unknown or duplicate names; totp and passkey when none is), less a
    /// channel the environment cannot send on: a code that cannot be sent enrols nothing.
    /// </summary>
    private async Task<List<string>> OfferedAsync(ActivityContext context)
    {
        var offered = new List<string>();
        foreach (var kind in MfaDeviceKinds.Allowed(AllowedKinds))
        {
            if (!MfaDeviceKinds.IsMessaged(kind)
                || await channels.CanSendAsync(context.EnvironmentId, kind == MfaDeviceKinds.Sms ? ContactChannel.Sms : ContactChannel.Email, context.CancellationToken))
            {
                offered.Add(kind);
            }
        }

        return offered;
    }

    private static FlowPrompt Prompt(IReadOnlyList<string> offered) => new(
        FlowStatuses.EnrollmentSelectionRequired,
        [FlowActions.EnrollmentSelect],
        new JsonObject { [EnrollmentSelectionFields.Types] = new JsonArray([.. offered.Select(kind => (JsonNode)kind)]) });
}
