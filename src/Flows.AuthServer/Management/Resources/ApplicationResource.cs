using System.Text.Json.Serialization;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Management.Resources;

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

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ClientSecret { get; init; }

    public static string Location(string environmentId, string clientId) =>
        $"{ManagementRoutes.EnvironmentPath(environmentId)}{ManagementRoutes.Applications}/{Uri.EscapeDataString(clientId)}";

    public static async Task<ApplicationResource> OfAsync(
        IOpenIddictApplicationManager manager, FlowsApplication application, CancellationToken cancellationToken)
    {
        var permissions = await manager.GetPermissionsAsync(application, cancellationToken);
        var scopes = Suffixes(permissions, Permissions.Prefixes.Scope).ToList();

        // openid needs no permission (OpenIddict always allows it), so it is not stored; a client that may
        // use the authorization endpoint is an OpenID Connect client and may ask for it.
        if (permissions.Contains(Permissions.Endpoints.Authorization))
        {
            scopes.Insert(0, OpenIddictConstants.Scopes.OpenId);
        }

        return new ApplicationResource
        {
            ClientId = application.ClientId!,
            Name = await manager.GetDisplayNameAsync(application, cancellationToken),
            Type = await manager.GetClientTypeAsync(application, cancellationToken),
            GrantTypes = Suffixes(permissions, Permissions.Prefixes.GrantType).ToList(),
            RedirectUris = await manager.GetRedirectUrisAsync(application, cancellationToken),
            PostLogoutRedirectUris = await manager.GetPostLogoutRedirectUrisAsync(application, cancellationToken),
            Scopes = scopes,
            Flow = application.FlowId,
        };
    }

    private static IEnumerable<string> Suffixes(IEnumerable<string> permissions, string prefix) =>
        permissions.Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).Select(p => p[prefix.Length..]);
}

/// <summary>The body of <c>POST /v1/environments/{env}/applications</c>; the client id and secret are generated.</summary>
public sealed record NewApplicationRequest(
    string? Name,
    string? Type,
    IReadOnlyList<string>? GrantTypes,
    IReadOnlyList<string>? RedirectUris,
    IReadOnlyList<string>? PostLogoutRedirectUris,
    IReadOnlyList<string>? Scopes,
    string? Flow)
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
    };
}
