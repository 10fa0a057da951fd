using Flows.AuthServer.Designer.Adapters;
using Flows.Designer.Services;

namespace Flows.AuthServer.Designer.Authorization;

/// <summary>Dry runs as the circuit's administrator may make them: as with <c>/v1</c>, they need <see cref="DesignerPolicies.Write"/>.</summary>
public sealed class AuthorizedDesignerSimulations(ServerDesignerSimulations simulations, DesignerAccess access) : IDesignerSimulations
{
    public async Task<DryRunResult> RunAsync(string environmentId, DryRunRequest request, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(DesignerPolicies.Write);
        return await simulations.RunAsync(environmentId, request, cancellationToken);
    }
}
