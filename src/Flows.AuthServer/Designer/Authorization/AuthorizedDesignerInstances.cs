using Flows.AuthServer.Designer.Adapters;
using Flows.Designer.Services;

namespace Flows.AuthServer.Designer.Authorization;

/// <summary>
/// The operator console's instances as the circuit's administrator may use them: listing and inspecting need
/// <see cref="DesignerPolicies.Read"/>, cancelling <see cref="DesignerPolicies.Write"/> (else
/// <see cref="DesignerAccessDeniedException"/>, nothing cancelled).
/// </summary>
public sealed class AuthorizedDesignerInstances(ServerDesignerInstances instances, DesignerAccess access) : IDesignerInstances
{
    public async Task<DesignerInstancePage> ListAsync(DesignerInstanceFilter filter, string? cursor, int pageSize, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(DesignerPolicies.Read);
        return await instances.ListAsync(filter, cursor, pageSize, cancellationToken);
    }

    public async Task<DesignerInstanceDetail?> GetAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(DesignerPolicies.Read);
        return await instances.GetAsync(instanceId, cancellationToken);
    }

    public async Task<string?> CancelAsync(string environmentId, string instanceId, string? etag = null, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(DesignerPolicies.Write);
        return await instances.CancelAsync(environmentId, instanceId, etag, cancellationToken);
    }
}
