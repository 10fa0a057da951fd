using Flows.Activities.SubFlows;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>
/// The version a Run sub-flow node enters when it names none: the one a new sign-in of that flow would start on (its
/// default, or a rollout's share for the user), read from <see cref="FlowDefaultVersions"/> like a sign-in's own.
/// </summary>
public sealed class SubFlowVersions(FlowDefaultVersions defaultVersions) : ISubFlowVersions
{
    public async ValueTask<int?> DefaultVersionAsync(string environmentId, string flowId, string? userId, CancellationToken cancellationToken)
    {
        var choice = await defaultVersions.FindAsync(environmentId, flowId, cancellationToken);
        if (choice.Rollout is { } rollout && rollout.Takes(environmentId, flowId, userId))
        {
            return rollout.Version;
        }

        return choice.StartVersion;
    }
}
