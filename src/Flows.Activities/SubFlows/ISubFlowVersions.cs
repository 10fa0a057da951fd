namespace Flows.Activities.SubFlows;

/// <summary>Which published version of a flow a node that runs it as a sub-flow enters when it names no version.</summary>
public interface ISubFlowVersions
{
    /// <summary>
    /// The version new sign-ins of the flow start on for <paramref name="userId"/> (its default, or a rollout's share);
    /// null when the flow has no published version.
    /// </summary>
    ValueTask<int?> DefaultVersionAsync(string environmentId, string flowId, string? userId, CancellationToken cancellationToken);
}
