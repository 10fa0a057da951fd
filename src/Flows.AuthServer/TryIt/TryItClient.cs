using Flows.AuthServer.Environments;
using Flows.AuthServer.Flows;

namespace Flows.AuthServer.TryIt;

/// <summary>
/// The built-in test client: the public application <c>try-it</c> of an environment (the demo import creates
/// it) and the URLs it uses, its own under <c>/{env}/try</c> and the environment's endpoints (CONTRACT.md).
/// </summary>
public static class TryItClient
{
    public const string ClientId = "try-it";

    /// <summary>Everything the try-it page can show: identity, profile, email, and a refresh token.</summary>
    public const string Scope = "openid profile email offline_access";

    /// <summary>The link on every try-it problem page: a new sign-in is the only way on.</summary>
    public const string StartAgainLabel = "Start again";

    private const string AuthorizeEndpoint = "authorize";
    private const string TokenEndpoint = "token";
    private const string UserInfoEndpoint = "userinfo";
    private const string KeysEndpoint = "jwks";
    private const string SignoffEndpoint = "signoff";

    public static string HomePath(string environmentId) => $"/{environmentId}/try";

    public static string StartPath(string environmentId) => $"{HomePath(environmentId)}/start";

    public static string CallbackPath(string environmentId) => $"{HomePath(environmentId)}/callback";

    /// <summary>The environment's issuer on the host the request came to: <c>{scheme}://{host}/{env}/as</c>.</summary>
    public static string Issuer(HttpRequest request, string environmentId) => FlowUrls.Absolute(request, IssuerPath(environmentId));

    public static string RedirectUri(HttpRequest request, string environmentId) => FlowUrls.Absolute(request, CallbackPath(environmentId));

    /// <summary>The post-logout redirect URI registered for the try-it client: back to its home page.</summary>
    public static string PostLogoutRedirectUri(HttpRequest request, string environmentId) => FlowUrls.Absolute(request, HomePath(environmentId));

    public static string AuthorizePath(string environmentId) => $"{IssuerPath(environmentId)}/{AuthorizeEndpoint}";

    public static string TokenPath(string environmentId) => $"{IssuerPath(environmentId)}/{TokenEndpoint}";

    public static string UserInfoPath(string environmentId) => $"{IssuerPath(environmentId)}/{UserInfoEndpoint}";

    public static string KeysPath(string environmentId) => $"{IssuerPath(environmentId)}/{KeysEndpoint}";

    public static string SignoffPath(string environmentId) => $"{IssuerPath(environmentId)}/{SignoffEndpoint}";

    private static string IssuerPath(string environmentId) => $"/{environmentId}/{EnvironmentPathMiddleware.AuthorizationServerSegment}";
}
