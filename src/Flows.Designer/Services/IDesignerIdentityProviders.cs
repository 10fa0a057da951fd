namespace Flows.Designer.Services;

/// <summary>An environment's upstream OpenID Connect providers, as the designer lists and edits them.</summary>
public interface IDesignerIdentityProviders
{
    Task<IReadOnlyList<DesignerIdentityProvider>> ListAsync(string environmentId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds the provider (<paramref name="creating"/>) or replaces its settings; a change without a client secret keeps the
    /// stored one. Returns null when saved, else why not, to show.
    /// </summary>
    Task<string?> SaveAsync(string environmentId, DesignerIdentityProviderChange change, bool creating, CancellationToken cancellationToken = default);

    /// <summary>Deletes the provider with every user's link to it. Returns null when deleted, else why not.</summary>
    Task<string?> DeleteAsync(string environmentId, string providerId, CancellationToken cancellationToken = default);
}

/// <summary>
/// A provider as the designer shows it: never its client secret, only whether it has one, and the callback path to
/// register at the provider.
/// </summary>
public sealed record DesignerIdentityProvider(
    string Id, string Name, string Issuer, string ClientId, bool HasClientSecret,
    IReadOnlyList<string> Scopes, IReadOnlyDictionary<string, string> Claims, IReadOnlyList<string> Domains, string CallbackPath);

/// <summary>A provider's settings as an administrator gives them; <see cref="ClientSecret"/> null keeps the stored one.</summary>
public sealed record DesignerIdentityProviderChange(
    string Id, string Name, string Issuer, string ClientId, string? ClientSecret,
    IReadOnlyList<string> Scopes, IReadOnlyDictionary<string, string> Claims, IReadOnlyList<string> Domains);
