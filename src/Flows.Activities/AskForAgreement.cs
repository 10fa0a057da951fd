using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// Asks the identified user to accept the current version of an agreement (terms of use, a privacy notice), in the
/// user's language, and records the acceptance; a user who accepted that version before is not asked again.
/// </summary>
[Activity("Ask for agreement", ActivityCategories.Login,
    "Shows the current version of the agreement in the user's language (ui_locales, else the browser's, else the " +
    "agreement's default) and records that the user accepted it; skipped when that version was accepted before.")]
public sealed class AskForAgreement(IAgreements agreements) : InteractiveActivity
{
    [Outcome("The user accepted the current version, now or before.")]
    public const string Accepted = "accepted";

    [Outcome("The user declined the agreement.")]
    public const string Declined = "declined";

    private const string NoUserMessage = "This sign-in step needs a user, but none was identified before it.";
    private const string MissingAgreementMessage = "The agreement this sign-in asks for is not available.";
    private const string MissingAnswerMessage = "Accept or decline the agreement.";
    private const string VersionVariable = "version";

    [ActivityInput("Agreement", "The id of the environment's agreement to accept.", Required = true)]
    public string Agreement { get; set; } = "";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.State.UserId is not { } userId)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoUserMessage);
        }

        if (await agreements.FindCurrentAsync(context.EnvironmentId, Agreement.Trim(), Languages(context), context.CancellationToken) is not { } text)
        {
            return ActivityResult.Fail(FlowErrorCodes.AgreementNotFound, MissingAgreementMessage);
        }

        if (await agreements.HasAcceptedAsync(context.EnvironmentId, userId, text.AgreementId, text.Version, context.CancellationToken))
        {
            return ActivityResult.Outcome(Accepted);
        }

        // The version shown is the one accepted, even if a newer one is published while the user reads.
        context.SetNodeVariable(VersionVariable, text.Version);
        return ActivityResult.Suspend(Prompt(text));
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action)
    {
        if (context.State.UserId is not { } userId)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoUserMessage);
        }

        var version = context.GetNodeVariable<int>(VersionVariable);
        switch (ConsentAnswer.Of(action, AgreementFields.Accept))
        {
            case true when version > 0:
                await agreements.RecordAcceptanceAsync(context.EnvironmentId, userId, Agreement.Trim(), version, context.CancellationToken);
                context.RemoveNodeVariable(VersionVariable);
                return ActivityResult.Outcome(Accepted);
            case false:
                context.RemoveNodeVariable(VersionVariable);
                return ActivityResult.Outcome(Declined);
            default:
                var again = await ExecuteAsync(context);
                return again is SuspendResult suspended
                    ? ActivityResult.Suspend(suspended.Prompt with { Error = new FlowError(FlowErrorCodes.InvalidRequest, MissingAnswerMessage) })
                    : again;
        }
    }

    /// <summary>The user's languages the server put in the flow (<see cref="FlowVariables.UiLocales"/>), best first.</summary>
    private static IReadOnlyList<string> Languages(ActivityContext context) =>
        context.State.Variables.TryGetValue(FlowVariables.UiLocales, out var locales) && locales.ValueKind == JsonValueKind.Array
            ? [.. locales.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!)]
            : [];

    private static FlowPrompt Prompt(AgreementText text) => new(FlowStatuses.AgreementConsentRequired, [FlowActions.UserConsent], new JsonObject
    {
        [AgreementFields.Agreement] = new JsonObject
        {
            [AgreementFields.Id] = text.AgreementId,
            [AgreementFields.Name] = text.Name,
            [AgreementFields.Version] = text.Version,
            [AgreementFields.Language] = text.Language,
            [AgreementFields.Text] = text.Text,
        },
    });
}
