namespace Flows.AuthServer.Protocol;

/// <summary>
/// The pushed authorization request endpoint (RFC 9126) of every environment, <c>/{env}/as/par</c>: OpenIddict
/// validates and stores the request and answers its <c>request_uri</c>; the authorization endpoint then runs the same
/// flow for it as for a request sent directly.
/// </summary>
public static class PushedAuthorization
{
    /// <summary>Relative to the environment's issuer.</summary>
    public const string EndpointPath = "par";

    /// <summary>
    /// How long a request_uri stays valid. RFC 9126 §2.2 leaves it to the server; the sign-in it starts answers with the
    /// same request_uri (OpenIddict validates it again then, and redeems it: §4, one use), so it must outlive the
    /// flow's idle time, not only the redirect to the authorization endpoint.
    /// </summary>
    public static readonly TimeSpan RequestUriLifetime = TimeSpan.FromMinutes(30);
}
