using Flows.AuthServer.Designer.Adapters;
using Flows.Designer.Services;

namespace Flows.AuthServer.Designer.Authorization;

/// <summary>The agreements as the circuit's administrator may see them: listing needs <see cref="DesignerPolicies.Read"/>.</summary>
public sealed class AuthorizedDesignerAgreements(ServerDesignerAgreements agreements, DesignerAccess access) : IDesignerAgreements
{
    public async Task<IReadOnlyList<DesignerAgreement>> ListAsync(string environmentId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(DesignerPolicies.Read);
        return await agreements.ListAsync(environmentId, cancellationToken);
    }
}
