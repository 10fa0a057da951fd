using Flows.Engine.Activities;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>The activity types nodes may use, described for the designer's palette and property panels.</summary>
public sealed class FlowActivityCatalog(ActivityRegistry registry)
{
    private IReadOnlyList<FlowActivityResource>? _activities;

    /// <summary>By category, then display name; built once, the catalog is fixed for the process.</summary>
    public IReadOnlyList<FlowActivityResource> All => _activities ??= registry.All.Select(FlowActivityResource.Of).ToList();
}
