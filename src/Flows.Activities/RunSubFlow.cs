using Flows.Activities.SubFlows;
using Flows.Engine.Activities;

namespace Flows.Activities;

/// <summary>
/// Runs another published flow of the environment as part of this one, so common steps (MFA, agreements) are built
/// once: the sub-flow shares the user, the methods used and the variables, its prompts are this flow's, and this node
/// continues by how it ends. The version is taken when the node is entered and kept for the rest of the sign-in.
/// </summary>
[Activity("Run sub-flow", ActivityCategories.SubFlows,
    "Runs another flow of the environment within this sign-in — its prompts, with the same user — and continues by how it ends: " +
    "success (it signed in, or an End sub-flow step ended it with success), denied (a Deny ended it), or one of its named ends.")]
public sealed class RunSubFlow(ISubFlowVersions versions) : Activity
{
    [Outcome("The sub-flow reached a Sign in step, or an End sub-flow step with the outcome success.")]
    public const string Success = SubFlowOutcomes.Success;

    [Outcome("A Deny step of the sub-flow ended it; the user saw no message yet.")]
    public const string Denied = SubFlowOutcomes.Denied;

    [ActivityInput("Flow", "The environment's flow to run.", Required = true, Lookup = ActivityLookups.Flows)]
    public string Flow { get; set; } = "";

    [ActivityInput("Version",
        "A published version number, or default: the version new sign-ins of the flow start on when this node is entered.",
        Default = SubFlowVersion.Default)]
    public string Version { get; set; } = SubFlowVersion.Default;

    [ActivityInput("Named ends", "Outcomes the sub-flow's End sub-flow steps end it with, other than success; each is an outcome of this node.",
        NamesOutcomes = true)]
    public string[] Ends { get; set; } = [];

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var flow = Flow.Trim();
        var version = SubFlowVersion.TryParse(Version, out var pinned)
            ? pinned ?? await versions.DefaultVersionAsync(context.EnvironmentId, flow, context.State.UserId, context.CancellationToken)
            : null;

        // No such version (which the validator refuses on publish): the engine fails the sign-in as for any unpublished one.
        return ActivityResult.RunSubFlow(flow, version ?? 0);
    }
}
