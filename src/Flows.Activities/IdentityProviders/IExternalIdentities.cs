using Flows.Activities.Users;

namespace Flows.Activities.IdentityProviders;

/// <summary>
/// How activities reach an environment's upstream identity providers and the links of local users to upstream
/// identities. The server implements it over its tables.
/// </summary>
public interface IExternalIdentities
{
    /// <summary>The provider's id, display name and e-mail domains; null when the environment has no such provider.</summary>
    Task<ExternalProvider?> FindProviderAsync(string environmentId, string providerId, CancellationToken cancellationToken);

    /// <summary>The local user linked to the upstream <paramref name="subject"/> of the provider, if any.</summary>
    Task<DirectoryUser?> FindLinkedUserAsync(string environmentId, string providerId, string subject, CancellationToken cancellationToken);

    /// <summary>The one local user with this e-mail (case-insensitive); null when none or several have it.</summary>
    Task<DirectoryUser?> FindByEmailAsync(string environmentId, string email, CancellationToken cancellationToken);

    /// <summary>Links the user to the upstream identity; false when either is already linked otherwise.</summary>
    Task<bool> LinkAsync(string environmentId, string providerId, string subject, string userId, CancellationToken cancellationToken);

    /// <summary>Creates a local user from the upstream identity's mapped claims, linked to it; null when that is impossible.</summary>
    Task<DirectoryUser?> CreateLinkedUserAsync(string environmentId, string providerId, ExternalIdentity identity, CancellationToken cancellationToken);
}

/// <summary>What a flow knows of an upstream provider: what to call it and which e-mail domains are its users'.</summary>
public sealed record ExternalProvider(string Id, string Name, IReadOnlyList<string> Domains);
