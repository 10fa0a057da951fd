using System.Text.Json;
using System.Text.Json.Serialization;
using Flows.AuthServer.Environments;

namespace Flows.AuthServer.Applications;

/// <summary>
/// The body of <c>PATCH /v1/environments/{env}/applications/{clientId}</c>: what it names changes, what it leaves
/// out stays. <c>flow: null</c> returns the application to its environment's default flow and <c>flowVersion:
/// null</c> to the flow's default version; <c>type</c> cannot change and may only repeat the current one.
/// </summary>
public sealed class ApplicationPatchRequest
{
    public const string TypeField = "type";
    public const string FlowVersionField = "flowVersion";

    private string? _flow;
    private int? _flowVersion;
    private string? _backchannelLogoutUri;
    private string? _frontchannelLogoutUri;
    private string? _jwksUri;

    public string? Name { get; init; }

    public string? Type { get; init; }

    public IReadOnlyList<string>? GrantTypes { get; init; }

    public IReadOnlyList<string>? RedirectUris { get; init; }

    public IReadOnlyList<string>? PostLogoutRedirectUris { get; init; }

    public IReadOnlyList<string>? Scopes { get; init; }

    public bool? RequirePushedAuthorizationRequests { get; init; }

    /// <summary>Cannot change; may only repeat the current one.</summary>
    public string? TokenEndpointAuthMethod { get; init; }

    /// <summary>New public keys of a <c>private_key_jwt</c> client (a key rotation).</summary>
    public JsonElement? Jwks { get; init; }

    /// <summary>Where a <c>private_key_jwt</c> client now publishes its keys; it replaces <see cref="Jwks"/>, and keys given replace it.</summary>
    public string? JwksUri
    {
        get => _jwksUri;
        init
        {
            _jwksUri = value;
            JwksUriGiven = true;
        }
    }

    /// <summary>Replaces the acr → flow map as a whole; <c>{}</c> removes every mapping.</summary>
    public IReadOnlyDictionary<string, string>? AcrFlows { get; init; }

    public bool? ThirdParty { get; init; }

    public string? Flow
    {
        get => _flow;
        init
        {
            _flow = value;
            FlowGiven = true;
        }
    }

    public int? FlowVersion
    {
        get => _flowVersion;
        init
        {
            _flowVersion = value;
            FlowVersionGiven = true;
        }
    }

    /// <summary>The new back-channel logout address; <c>null</c> in the body removes it.</summary>
    public string? BackchannelLogoutUri
    {
        get => _backchannelLogoutUri;
        init
        {
            _backchannelLogoutUri = value;
            BackchannelLogoutUriGiven = true;
        }
    }

    public bool? BackchannelLogoutSessionRequired { get; init; }

    /// <summary>The new front-channel logout page; <c>null</c> in the body removes it.</summary>
    public string? FrontchannelLogoutUri
    {
        get => _frontchannelLogoutUri;
        init
        {
            _frontchannelLogoutUri = value;
            FrontchannelLogoutUriGiven = true;
        }
    }

    public bool? FrontchannelLogoutSessionRequired { get; init; }

    [JsonIgnore]
    public bool BackchannelLogoutUriGiven { get; private init; }

    [JsonIgnore]
    public bool FrontchannelLogoutUriGiven { get; private init; }

    [JsonIgnore]
    public bool JwksUriGiven { get; private init; }

    /// <summary>Whether the body names <see cref="Flow"/>, even as null.</summary>
    [JsonIgnore]
    public bool FlowGiven { get; private init; }

    [JsonIgnore]
    public bool FlowVersionGiven { get; private init; }

    /// <summary>The application with this patch applied.</summary>
    public EnvironmentFileApplication Apply(EnvironmentFileApplication current) => current with
    {
        Name = Name ?? current.Name,
        GrantTypes = GrantTypes ?? current.GrantTypes,
        RedirectUris = RedirectUris ?? current.RedirectUris,
        PostLogoutRedirectUris = PostLogoutRedirectUris ?? current.PostLogoutRedirectUris,
        Scopes = Scopes ?? current.Scopes,
        Flow = FlowGiven ? Flow : current.Flow,
        BackchannelLogoutUri = BackchannelLogoutUriGiven ? BackchannelLogoutUri : current.BackchannelLogoutUri,
        BackchannelLogoutSessionRequired = BackchannelLogoutSessionRequired ?? current.BackchannelLogoutSessionRequired,
        FrontchannelLogoutUri = FrontchannelLogoutUriGiven ? FrontchannelLogoutUri : current.FrontchannelLogoutUri,
        FrontchannelLogoutSessionRequired = FrontchannelLogoutSessionRequired ?? current.FrontchannelLogoutSessionRequired,
        RequirePushedAuthorizationRequests = RequirePushedAuthorizationRequests ?? current.RequirePushedAuthorizationRequests,
        // A client has its keys in one place: registered, or at its jwksUri. Naming one place drops the other.
        Jwks = Jwks ?? (JwksUriGiven && JwksUri is not null ? null : current.Jwks),
        JwksUri = JwksUriGiven ? JwksUri : Jwks is not null ? null : current.JwksUri,
        AcrFlows = AcrFlows ?? current.AcrFlows,
        ThirdParty = ThirdParty ?? current.ThirdParty,
    };

    /// <summary>
    /// The pinned version after the patch: the one given, else the current one while the flow stays; a pin never
    /// carries over to another flow.
    /// </summary>
    public int? FlowVersionAfter(string? currentFlow, int? currentVersion, string? newFlow) =>
        FlowVersionGiven ? FlowVersion : newFlow == currentFlow ? currentVersion : null;
}

/// <summary>The answer of <c>POST …/applications/{clientId}/secret</c>: the new secret, shown this once.</summary>
public sealed record ApplicationSecretResource(string ClientId, string ClientSecret);
