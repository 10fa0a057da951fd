using OpenIddict.EntityFrameworkCore.Models;

namespace Flows.AuthServer.Data;

/// <summary>An OpenIddict client application that belongs to one environment and may be bound to a flow.</summary>
public sealed class FlowsApplication : OpenIddictEntityFrameworkCoreApplication<string, FlowsAuthorization, FlowsToken>
{
    public string EnvironmentId { get; set; } = "";

    /// <summary>The flow this application's sign-ins run; the environment's default when null.</summary>
    public string? FlowId { get; set; }

    /// <summary>A pinned flow version; the flow's default version (see <see cref="ManagedFlowRecord"/>) when null.</summary>
    public int? FlowVersion { get; set; }

    /// <summary>
    /// The flow each requested acr value runs instead (OIDC Core §3.1.2.1 acr_values): acr value → flow id. A sign-in
    /// that asks for one of these runs its flow, and its tokens carry that acr.
    /// </summary>
    public Dictionary<string, string> AcrFlows { get; set; } = [];

    /// <summary>
    /// When the client's current secret was set (created or rotated), to the millisecond; null for a client without a
    /// secret, or whose secret was set before this was recorded. Admin tokens granted under an earlier secret are refused.
    /// </summary>
    public DateTimeOffset? SecretRotatedAt { get; set; }

    /// <summary>
    /// Where a <c>private_key_jwt</c> client publishes its public keys (RFC 7591 §2 <c>jwks_uri</c>), instead of keys
    /// registered with it; null for none.
    /// </summary>
    public string? JwksUri { get; set; }

    /// <summary>Where sign-off POSTs a logout token (OpenID Connect Back-Channel Logout 1.0 §2.2); none when null.</summary>
    public string? BackchannelLogoutUri { get; set; }

    /// <summary>Whether the application needs <c>sid</c> in the logout token (always sent here).</summary>
    public bool BackchannelLogoutSessionRequired { get; set; }

    /// <summary>The page sign-off loads in an iframe (OpenID Connect Front-Channel Logout 1.0 §2); none when null.</summary>
    public string? FrontchannelLogoutUri { get; set; }

    /// <summary>Whether that page gets <c>iss</c> and <c>sid</c> as query parameters (§2).</summary>
    public bool FrontchannelLogoutSessionRequired { get; set; }
}

/// <summary>OpenIddict's authorization entity, typed to <see cref="FlowsApplication"/>.</summary>
public sealed class FlowsAuthorization : OpenIddictEntityFrameworkCoreAuthorization<string, FlowsApplication, FlowsToken>;

/// <summary>OpenIddict's scope entity.</summary>
public sealed class FlowsScope : OpenIddictEntityFrameworkCoreScope<string>;

/// <summary>OpenIddict's token entity, typed to <see cref="FlowsApplication"/>.</summary>
public sealed class FlowsToken : OpenIddictEntityFrameworkCoreToken<string, FlowsApplication, FlowsAuthorization>;
