using Flows.AuthServer.Designer.Adapters;
using Flows.Designer.Services;

namespace Flows.AuthServer.Designer.Authorization;

/// <summary>The funnels as the circuit's administrator may see them: reading needs <see cref="DesignerPolicies.Read"/>.</summary>
public sealed class AuthorizedDesignerFunnels(ServerDesignerFunnels funnels, DesignerAccess access) : IDesignerFunnels
{
    public async Task<DesignerFunnel?> GetAsync(
        string environmentId, string flowId, int version, DateTimeOffset? from, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(DesignerPolicies.Read);
        return await funnels.GetAsync(environmentId, flowId, version, from, cancellationToken);
    }
}
