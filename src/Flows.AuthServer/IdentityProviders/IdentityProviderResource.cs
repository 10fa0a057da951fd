using Flows.AuthServer.Data;

namespace Flows.AuthServer.IdentityProviders;

/// <summary>An identity provider as <c>/v1</c> and exports show it: never its client secret, only whether it has one.</summary>
public sealed record IdentityProviderResource(
    string Id,
    string Name,
    string Type,
    string Issuer,
    string ClientId,
    bool HasClientSecret,
    IReadOnlyList<string> Scopes,
    IReadOnlyDictionary<string, string> Claims,
    IReadOnlyList<string> Domains,
    string CallbackPath)
{
    public static IdentityProviderResource Of(IdentityProviderRecord provider) => new(
        provider.Id, provider.Name, provider.Type, provider.Issuer, provider.ClientId, provider.ProtectedClientSecret is not null,
        provider.Scopes, provider.Claims, provider.Domains,
        "/" + IdentityProviderRegistrations.CallbackPath(provider.EnvironmentId, provider.Id));
}

/// <summary>
/// A provider as an administrator or an environment file gives it. <c>clientSecret</c> is write-only: a replacement
/// without one keeps the stored secret.
/// </summary>
public sealed record IdentityProviderRequest
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? Type { get; init; }

    public string? Issuer { get; init; }

    public string? ClientId { get; init; }

    public string? ClientSecret { get; init; }

    public IReadOnlyList<string>? Scopes { get; init; }

    public IReadOnlyDictionary<string, string>? Claims { get; init; }

    public IReadOnlyList<string>? Domains { get; init; }
}

/// <summary>A local user's link to an upstream identity: the provider, the upstream <c>sub</c> and when it was made.</summary>
public sealed record UserIdentityLinkResource(string ProviderId, string Subject, DateTimeOffset CreatedAt);
