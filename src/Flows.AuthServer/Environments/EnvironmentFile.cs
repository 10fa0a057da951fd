using System.Text.Json;
using Flows.Activities.Users;

namespace Flows.AuthServer.Environments;

/// <summary>An environment as an import file describes it (JSON, camelCase): its applications and users.</summary>
public sealed record EnvironmentFile
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The flow an application without its own runs.</summary>
    public required string DefaultFlow { get; init; }

    public IReadOnlyList<EnvironmentFileApplication> Applications { get; init; } = [];

    public IReadOnlyList<EnvironmentFileUser> Users { get; init; } = [];

    /// <summary>Upstream OpenID Connect providers; exported without their client secrets.</summary>
    public IReadOnlyList<EnvironmentFileIdentityProvider> IdentityProviders { get; init; } = [];

    /// <summary>What the environment's flows may call; with it, the import generates the outbound secret and shows it once.</summary>
    public EnvironmentFileOutbound? Outbound { get; init; }

    /// <summary>The attributes the environment's users have: types, required ones, formats and labels.</summary>
    public IReadOnlyList<UserAttributeDefinition> UserSchema { get; init; } = [];

    /// <summary>Agreements users accept in flows, with every version; who accepted them is not exported.</summary>
    public IReadOnlyList<EnvironmentFileAgreement> Agreements { get; init; } = [];

    /// <summary>How many days a password may be used before it must be changed; absent: passwords do not expire.</summary>
    public int? MaxPasswordAgeDays { get; init; }

    /// <summary>The SMTP server the environment sends e-mail through; exported without its password.</summary>
    public EnvironmentFileEmail? Email { get; init; }

    /// <summary>The gateway the environment sends text messages through; exported without its secret.</summary>
    public EnvironmentFileSms? Sms { get; init; }
}

/// <summary>An agreement of an environment file: its versions oldest first, each with its text per language.</summary>
public sealed record EnvironmentFileAgreement
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string DefaultLanguage { get; init; }

    public IReadOnlyList<EnvironmentFileAgreementVersion> Versions { get; init; } = [];
}

/// <summary>One version of an agreement in an environment file.</summary>
public sealed record EnvironmentFileAgreementVersion
{
    public IReadOnlyDictionary<string, string> Texts { get; init; } = new Dictionary<string, string>();
}

/// <summary>The <c>email</c> member of an environment file: the SMTP server and the sender.</summary>
public sealed record EnvironmentFileEmail
{
    public required string Host { get; init; }

    public int Port { get; init; } = 587;

    /// <summary><c>None</c>, <c>StartTls</c> or <c>SslOnConnect</c>.</summary>
    public string Security { get; init; } = "StartTls";

    public string? Username { get; init; }

    /// <summary>Write-only: stored protected, never exported.</summary>
    public string? Password { get; init; }

    public required string FromAddress { get; init; }

    public string? FromName { get; init; }
}

/// <summary>The <c>sms</c> member of an environment file: the gateway's URL and the secret that signs its requests.</summary>
public sealed record EnvironmentFileSms
{
    public required string Url { get; init; }

    /// <summary>Write-only: stored protected, never exported.</summary>
    public string? Secret { get; init; }
}

/// <summary>The <c>outbound</c> member of an environment file: the hosts flows may call, and the private addresses those may resolve to.</summary>
public sealed record EnvironmentFileOutbound
{
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    public IReadOnlyList<string> AllowedPrivateAddresses { get; init; } = [];
}

/// <summary>A client application in an environment file.</summary>
public sealed record EnvironmentFileApplication
{
    public required string ClientId { get; init; }

    /// <summary>Only for confidential clients; one is generated when absent.</summary>
    public string? ClientSecret { get; init; }

    public string? Name { get; init; }

    /// <summary><c>public</c> or <c>confidential</c>.</summary>
    public required string Type { get; init; }

    public IReadOnlyList<string> GrantTypes { get; init; } = [];

    public IReadOnlyList<string> RedirectUris { get; init; } = [];

    public IReadOnlyList<string> PostLogoutRedirectUris { get; init; } = [];

    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>The flow this application's sign-ins run; the environment's default when absent.</summary>
    public string? Flow { get; init; }

    /// <summary>Where sign-off POSTs a logout token (OpenID Connect Back-Channel Logout 1.0); none when absent.</summary>
    public string? BackchannelLogoutUri { get; init; }

    public bool BackchannelLogoutSessionRequired { get; init; }

    /// <summary>The page sign-off loads in an iframe (OpenID Connect Front-Channel Logout 1.0); none when absent.</summary>
    public string? FrontchannelLogoutUri { get; init; }

    /// <summary>Whether that page gets <c>iss</c> and <c>sid</c> in its query.</summary>
    public bool FrontchannelLogoutSessionRequired { get; init; }

    /// <summary>
    /// Whether the application must push its authorization requests first (RFC 9126 §6): an authorize request that
    /// carries its parameters itself, not a <c>request_uri</c> from the pushed authorization endpoint, is refused.
    /// </summary>
    public bool RequirePushedAuthorizationRequests { get; init; }

    /// <summary>
    /// How a confidential client authenticates: <c>client_secret_basic</c> (the default; <c>client_secret_post</c> works
    /// too) or <c>private_key_jwt</c> (RFC 7523 §2.2, OIDC Core §9) with the keys of <see cref="Jwks"/> and no secret.
    /// A public client's is <c>none</c>.
    /// </summary>
    public string? TokenEndpointAuthMethod { get; init; }

    /// <summary>The public keys of a <c>private_key_jwt</c> client, as a JWKS (<c>{"keys": [...]}</c>, RFC 7517 §5).</summary>
    public JsonElement? Jwks { get; init; }

    /// <summary>
    /// Where a <c>private_key_jwt</c> client publishes its JWKS (HTTPS), read when an assertion needs it, instead of
    /// <see cref="Jwks"/>: its keys can roll over without a change here.
    /// </summary>
    public string? JwksUri { get; init; }

    /// <summary>
    /// The flow a sign-in runs when it asks for an acr value (acr_values, or an essential acr claim): acr value → flow id.
    /// </summary>
    public IReadOnlyDictionary<string, string> AcrFlows { get; init; } = new Dictionary<string, string>();

    /// <summary>An application of someone else: the user consents to the scopes it asks for before it gets them.</summary>
    public bool ThirdParty { get; init; }
}

/// <summary>A user in an environment file.</summary>
public sealed record EnvironmentFileUser
{
    /// <summary>The <see cref="TotpSecret"/> that asks for a new random key, so files need not hold one.</summary>
    public const string GenerateTotpSecret = "generate";

    public required string Username { get; init; }

    /// <summary>One is generated when absent.</summary>
    public string? Password { get; init; }

    public string? Email { get; init; }

    public string? Name { get; init; }

    public IReadOnlyList<string> Groups { get; init; } = [];

    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>An authenticator's key as Base32, or <see cref="GenerateTotpSecret"/>; no device when absent.</summary>
    public string? TotpSecret { get; init; }

    public bool Enabled { get; init; } = true;

    public bool MustChangePassword { get; init; }
}

/// <summary>An upstream OpenID Connect provider of an environment file (<c>identityProviders</c>).</summary>
public sealed record EnvironmentFileIdentityProvider
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>Only <c>oidc</c>.</summary>
    public string Type { get; init; } = "oidc";

    public required string Issuer { get; init; }

    public required string ClientId { get; init; }

    /// <summary>Write-only: stored protected, never exported.</summary>
    public string? ClientSecret { get; init; }

    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>Local claim (<c>username</c>, <c>email</c>, <c>name</c>, or an attribute) → upstream claim.</summary>
    public IReadOnlyDictionary<string, string> Claims { get; init; } = new Dictionary<string, string>();

    /// <summary>E-mail domains routed to this provider by home-realm discovery.</summary>
    public IReadOnlyList<string> Domains { get; init; } = [];
}
