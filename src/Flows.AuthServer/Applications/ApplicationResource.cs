using System.Text.Json;
using System.Text.Json.Serialization;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using OpenIddict.Abstractions;

namespace Flows.AuthServer.Applications;

/// <summary>
/// An application as <c>/v1/…/applications</c> shows it: what it was created with, read back from its
/// OpenIddict permissions. The client secret appears only in the answer that created it.
/// </summary>
public sealed record ApplicationResource
{
    public required string ClientId { get; init; }

    public string? Name { get; init; }

    /// <summary><c>confidential</c> or <c>public</c>.</summary>
    public string? Type { get; init; }

    public required IReadOnlyList<string> GrantTypes { get; init; }

    public required IReadOnlyList<string> RedirectUris { get; init; }

    public required IReadOnlyList<string> PostLogoutRedirectUris { get; init; }

    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>The bound flow; null when the application runs its environment's default flow.</summary>
    public string? Flow { get; init; }

    /// <summary>The pinned version of <see cref="Flow"/>; null when the application runs the flow's default version.</summary>
    public int? FlowVersion { get; init; }

    /// <summary>Where sign-off POSTs a logout token (OpenID Connect Back-Channel Logout 1.0); null for none.</summary>
    public string? BackchannelLogoutUri { get; init; }

    public bool BackchannelLogoutSessionRequired { get; init; }

    /// <summary>The page sign-off loads in an iframe (OpenID Connect Front-Channel Logout 1.0); null for none.</summary>
    public string? FrontchannelLogoutUri { get; init; }

    public bool FrontchannelLogoutSessionRequired { get; init; }

    /// <summary>Whether authorization requests must be pushed first (RFC 9126 §6).</summary>
    public bool RequirePushedAuthorizationRequests { get; init; }

    /// <summary><c>client_secret_basic</c>, <c>private_key_jwt</c> (with <see cref="Jwks"/>) or <c>none</c> (public).</summary>
    public string? TokenEndpointAuthMethod { get; init; }

    /// <summary>The public keys of a <c>private_key_jwt</c> client.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Jwks { get; init; }

    /// <summary>Where a <c>private_key_jwt</c> client publishes its public keys, instead of <see cref="Jwks"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? JwksUri { get; init; }

    /// <summary>The flow each requested acr value runs instead of <see cref="Flow"/>.</summary>
    public IReadOnlyDictionary<string, string> AcrFlows { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether users consent to what the application asks for (an application of someone else).</summary>
    public bool ThirdParty { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ClientSecret { get; init; }

    public static async Task<ApplicationResource> OfAsync(
        IOpenIddictApplicationManager manager, FlowsApplication application, CancellationToken cancellationToken)
    {
        var entry = await ApplicationEntries.ReadAsync(manager, application, cancellationToken);
        return new ApplicationResource
        {
            ClientId = entry.ClientId,
            Name = entry.Name,
            Type = entry.Type,
            GrantTypes = entry.GrantTypes,
            RedirectUris = entry.RedirectUris,
            PostLogoutRedirectUris = entry.PostLogoutRedirectUris,
            Scopes = entry.Scopes,
            Flow = entry.Flow,
            FlowVersion = application.FlowVersion,
            BackchannelLogoutUri = entry.BackchannelLogoutUri,
            BackchannelLogoutSessionRequired = entry.BackchannelLogoutSessionRequired,
            FrontchannelLogoutUri = entry.FrontchannelLogoutUri,
            FrontchannelLogoutSessionRequired = entry.FrontchannelLogoutSessionRequired,
            RequirePushedAuthorizationRequests = entry.RequirePushedAuthorizationRequests,
            TokenEndpointAuthMethod = entry.TokenEndpointAuthMethod,
            Jwks = entry.Jwks,
            JwksUri = entry.JwksUri,
            AcrFlows = entry.AcrFlows,
            ThirdParty = entry.ThirdParty,
        };
    }

    /// <summary>The entry that describes the application, as its checks and its update take it.</summary>
    public EnvironmentFileApplication ToEntry() => new()
    {
        ClientId = ClientId,
        Name = Name,
        Type = Type ?? "",
        GrantTypes = GrantTypes,
        RedirectUris = RedirectUris,
        PostLogoutRedirectUris = PostLogoutRedirectUris,
        Scopes = Scopes,
        Flow = Flow,
        BackchannelLogoutUri = BackchannelLogoutUri,
        BackchannelLogoutSessionRequired = BackchannelLogoutSessionRequired,
        FrontchannelLogoutUri = FrontchannelLogoutUri,
        FrontchannelLogoutSessionRequired = FrontchannelLogoutSessionRequired,
        RequirePushedAuthorizationRequests = RequirePushedAuthorizationRequests,
        TokenEndpointAuthMethod = TokenEndpointAuthMethod,
        Jwks = Jwks,
        JwksUri = JwksUri,
        AcrFlows = AcrFlows,
        ThirdParty = ThirdParty,
    };
}

/// <summary>The body of <c>POST /v1/environments/{env}/applications</c>; the client id and secret are generated.</summary>
public sealed record NewApplicationRequest(
    string? Name,
    string? Type,
    IReadOnlyList<string>? GrantTypes,
    IReadOnlyList<string>? RedirectUris,
    IReadOnlyList<string>? PostLogoutRedirectUris,
    IReadOnlyList<string>? Scopes,
    string? Flow,
    string? BackchannelLogoutUri = null,
    bool BackchannelLogoutSessionRequired = false,
    string? FrontchannelLogoutUri = null,
    bool FrontchannelLogoutSessionRequired = false,
    bool RequirePushedAuthorizationRequests = false,
    string? TokenEndpointAuthMethod = null,
    JsonElement? Jwks = null,
    IReadOnlyDictionary<string, string>? AcrFlows = null,
    bool ThirdParty = false,
    string? JwksUri = null)
{
    public EnvironmentFileApplication ToEntry(string clientId) => new()
    {
        ClientId = clientId,
        Name = Name,
        Type = Type ?? "",
        GrantTypes = GrantTypes ?? [],
        RedirectUris = RedirectUris ?? [],
        PostLogoutRedirectUris = PostLogoutRedirectUris ?? [],
        Scopes = Scopes ?? [],
        Flow = Flow,
        BackchannelLogoutUri = BackchannelLogoutUri,
        BackchannelLogoutSessionRequired = BackchannelLogoutSessionRequired,
        FrontchannelLogoutUri = FrontchannelLogoutUri,
        FrontchannelLogoutSessionRequired = FrontchannelLogoutSessionRequired,
        RequirePushedAuthorizationRequests = RequirePushedAuthorizationRequests,
        TokenEndpointAuthMethod = TokenEndpointAuthMethod,
        Jwks = Jwks,
        JwksUri = JwksUri,
        AcrFlows = AcrFlows ?? new Dictionary<string, string>(),
        ThirdParty = ThirdParty,
    };
}
