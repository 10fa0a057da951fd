using Flows.AuthServer.Designer.Adapters;
using Flows.Designer.Services;

namespace Flows.AuthServer.Designer.Authorization;

/// <summary>
/// The applications' flow bindings as the circuit's administrator may use them: listing needs
/// <see cref="DesignerPolicies.Read"/>, binding or changing <see cref="DesignerPolicies.Write"/> (else
/// <see cref="DesignerAccessDeniedException"/>, nothing bound).
/// </summary>
public sealed class AuthorizedDesignerApplications(ServerDesignerApplications applications, DesignerAccess access) : IDesignerApplications
{
    public async Task<IReadOnlyList<DesignerApplication>> ListAsync(string environmentId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(DesignerPolicies.Read);
        return await applications.ListAsync(environmentId, cancellationToken);
    }

    public async Task<string?> BindFlowAsync(
        string environmentId, string clientId, string? flowId, int? version, string? etag = null, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(DesignerPolicies.Write);
        return await applications.BindFlowAsync(environmentId, clientId, flowId, version, etag, cancellationToken);
    }

    public async Task<string?> ChangeAsync(
        string environmentId, string clientId, DesignerApplicationChange change, string? etag = null, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(DesignerPolicies.Write);
        return await applications.ChangeAsync(environmentId, clientId, change, etag, cancellationToken);
    }
}
