using System.Text.Json.Nodes;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>Gives the identified user new recovery codes, shown once; the old ones stop working.</summary>
[Activity("Issue recovery codes", ActivityCategories.Mfa,
    "Replaces the user's recovery codes with new ones and shows them once, until the user confirms having kept them. Put it after a second factor, so that only the user gets new codes.")]
public sealed class IssueRecoveryCodes(IRecoveryCodes codes) : InteractiveActivity
{
    [Outcome("The user confirmed having kept the new codes.")]
    public const string Success = "success";

    private const string NoUserMessage = "This sign-in step needs a user, but none was identified before it.";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.State.UserId is not { } userId)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoUserMessage);
        }

        // The codes live only in the prompt (the inspector hides them by name) and leave the flow with it.
        var issued = await codes.RegenerateAsync(context.EnvironmentId, userId, context.CancellationToken);
        return ActivityResult.Suspend(new FlowPrompt(FlowStatuses.MfaRecoveryCodesIssued, [FlowActions.RecoveryCodesAcknowledge],
            new JsonObject { [RecoveryCodeFields.Codes] = new JsonArray([.. issued.Select(code => (JsonNode)code)]) }));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action) =>
        ValueTask.FromResult(ActivityResult.Outcome(Success));
}
