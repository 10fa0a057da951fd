using Flows.AuthServer.Designer.Adapters;
using Flows.Designer.Services;

namespace Flows.AuthServer.Designer.Authorization;

/// <summary>
/// The identity providers as the circuit's administrator may use them: listing needs <see cref="DesignerPolicies.Read"/>,
/// a change <see cref="DesignerPolicies.Write"/> (else <see cref="DesignerAccessDeniedException"/>, nothing changed).
/// </summary>
public sealed class AuthorizedDesignerIdentityProviders(ServerDesignerIdentityProviders providers, DesignerAccess access) : IDesignerIdentityProviders
{
    public async Task<IReadOnlyList<DesignerIdentityProvider>> ListAsync(string environmentId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(DesignerPolicies.Read);
        return await providers.ListAsync(environmentId, cancellationToken);
    }

    public async Task<string?> SaveAsync(
        string environmentId, DesignerIdentityProviderChange change, bool creating, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(DesignerPolicies.Write);
        return await providers.SaveAsync(environmentId, change, creating, cancellationToken);
    }

    public async Task<string?> DeleteAsync(string environmentId, string providerId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(DesignerPolicies.Write);
        return await providers.DeleteAsync(environmentId, providerId, cancellationToken);
    }
}

/// <summary>
/// The outbound settings as the circuit's administrator may use them: reading needs <see cref="DesignerPolicies.Read"/>,
/// a change or a new secret <see cref="DesignerPolicies.Write"/>.
/// </summary>
public sealed class AuthorizedDesignerOutbound(ServerDesignerOutbound outbound, DesignerAccess access) : IDesignerOutbound
{
    public async Task<DesignerOutbound?> GetAsync(string environmentId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(DesignerPolicies.Read);
        return await outbound.GetAsync(environmentId, cancellationToken);
    }

    public async Task<string?> SaveAsync(
        string environmentId, IReadOnlyList<string> allowedHosts, IReadOnlyList<string> allowedPrivateAddresses, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(DesignerPolicies.Write);
        return await outbound.SaveAsync(environmentId, allowedHosts, allowedPrivateAddresses, cancellationToken);
    }

    public async Task<DesignerOutboundSecret> GenerateSecretAsync(string environmentId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(DesignerPolicies.Write);
        return await outbound.GenerateSecretAsync(environmentId, cancellationToken);
    }
}

/// <summary>The SMTP settings as the circuit's administrator may use them: reading needs <see cref="DesignerPolicies.Read"/>, a change <see cref="DesignerPolicies.Write"/>.</summary>
public sealed class AuthorizedDesignerEmailSettings(ServerDesignerEmailSettings email, DesignerAccess access) : IDesignerEmailSettings
{
    // The server's definition, no environment's data: nothing to authorize.
    public IReadOnlyList<DesignerEmailSecurity> Securities => email.Securities;

    public async Task<DesignerEmailSettings?> GetAsync(string environmentId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(DesignerPolicies.Read);
        return await email.GetAsync(environmentId, cancellationToken);
    }

    public async Task<string?> SaveAsync(string environmentId, DesignerEmailSettingsChange change, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(DesignerPolicies.Write);
        return await email.SaveAsync(environmentId, change, cancellationToken);
    }
}

/// <summary>The user schema as the circuit's administrator may use it: reading needs <see cref="DesignerPolicies.Read"/>, a change <see cref="DesignerPolicies.Write"/>.</summary>
public sealed class AuthorizedDesignerUserSchema(ServerDesignerUserSchema schema, DesignerAccess access) : IDesignerUserSchema
{
    public async Task<DesignerUserSchema?> GetAsync(string environmentId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(DesignerPolicies.Read);
        return await schema.GetAsync(environmentId, cancellationToken);
    }

    public async Task<DesignerUserSchemaRefusal?> SaveAsync(
        string environmentId, IReadOnlyList<DesignerUserAttribute> attributes, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(DesignerPolicies.Write);
        return await schema.SaveAsync(environmentId, attributes, cancellationToken);
    }
}
