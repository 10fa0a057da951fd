using Flows.AuthServer.FlowInstances;
using Flows.Designer.Services;
using Flows.Engine.Instances;

namespace Flows.AuthServer.Designer.Adapters;

/// <summary>The designer's funnels, counted by <see cref="FlowFunnelService"/> as <c>/v1</c>'s are.</summary>
public sealed class ServerDesignerFunnels(IServiceScopeFactory scopes, TimeProvider clock) : IDesignerFunnels
{
    public async Task<DesignerFunnel?> GetAsync(
        string environmentId, string flowId, int version, DateTimeOffset? from, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var counted = await scope.ServiceProvider.GetRequiredService<FlowFunnelService>()
            .CountAsync(new FlowFunnelQuery(environmentId, flowId, version, from, clock.GetUtcNow()), cancellationToken);
        return counted.Succeeded ? new DesignerFunnel(counted.Value.Definition, counted.Value.Funnel) : null;
    }
}
