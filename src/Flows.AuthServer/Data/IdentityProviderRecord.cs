namespace Flows.AuthServer.Data;

/// <summary>An upstream OpenID Connect provider of one environment, that its flows may sign users in through.</summary>
public sealed class IdentityProviderRecord
{
    public required string Id { get; init; }

    public required string EnvironmentId { get; init; }

    public required string Name { get; set; }

    /// <summary>Only <c>oidc</c> for now.</summary>
    public required string Type { get; set; }

    /// <summary>The upstream issuer; its discovery document is read from <c>{issuer}/.well-known/openid-configuration</c>.</summary>
    public required string Issuer { get; set; }

    public required string ClientId { get; set; }

    /// <summary>The client secret, protected with ASP.NET Core Data Protection: it is sent upstream, so it must be recoverable.</summary>
    public string? ProtectedClientSecret { get; set; }

    public List<string> Scopes { get; set; } = [];

    /// <summary>Local claim → upstream claim, used when a user is created or described from the upstream identity.</summary>
    public Dictionary<string, string> Claims { get; set; } = [];

    /// <summary>The e-mail domains whose users belong to this provider (home-realm discovery).</summary>
    public List<string> Domains { get; set; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A local user linked to an upstream identity: the provider and the upstream <c>sub</c> (unique per provider).</summary>
public sealed class UserIdentityLinkRecord
{
    public required string EnvironmentId { get; init; }

    public required string ProviderId { get; init; }

    /// <summary>The upstream <c>sub</c>: stable and unique only within its issuer (OIDC Core §2).</summary>
    public required string Subject { get; init; }

    public required string UserId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
