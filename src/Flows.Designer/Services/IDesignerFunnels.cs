using Flows.Engine.Definitions;
using Flows.Engine.Instances;

namespace Flows.Designer.Services;

/// <summary>How the runs of a published flow version went through its graph in a period, for the funnel view.</summary>
public interface IDesignerFunnels
{
    /// <summary>
    /// The version's graph with the counts of its runs created in [<paramref name="from"/>, now); null when the flow or
    /// the version does not exist.
    /// </summary>
    Task<DesignerFunnel?> GetAsync(string environmentId, string flowId, int version, DateTimeOffset? from, CancellationToken cancellationToken = default);
}

/// <summary>A published version and the funnel of its runs.</summary>
public sealed record DesignerFunnel(FlowDefinition Definition, FlowFunnel Counts);
