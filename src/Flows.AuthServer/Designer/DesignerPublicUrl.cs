using Flows.AuthServer.Administration;
using Flows.Designer;

namespace Flows.AuthServer.Designer;

/// <summary>
/// The address the server is reached at, which the designer's sign-in needs before any request arrives: its
/// authority (the admin environment's issuer) and the redirect URI registered for its client. From
/// <c>Flows:PublicUrl</c>, else the first listening address of <c>urls</c>, else the server's default.
/// </summary>
public sealed class DesignerPublicUrl
{
    public const string Key = "Flows:PublicUrl";
    private const string DefaultUrl = "http://127.0.0.1:5000";

    public DesignerPublicUrl(IConfiguration configuration)
    {
        var url = configuration[Key];
        if (string.IsNullOrWhiteSpace(url))
        {
            url = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? DefaultUrl;
        }

        var uri = new UriBuilder(url.TrimEnd('/'));

        // A wildcard listening address is no address a browser can use; loopback is the one sure to work here.
        if (uri.Host is "*" or "+" or "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "127.0.0.1";
        }

        Origin = uri.Uri.GetLeftPart(UriPartial.Authority) + uri.Path.TrimEnd('/');
        PathBase = string.IsNullOrWhiteSpace(configuration[Key]) ? "" : uri.Path.TrimEnd('/');
    }

    /// <summary>E.g. <c>http://127.0.0.1:5000</c>, no trailing slash.</summary>
    public string Origin { get; }

    /// <summary>The path base of <c>Flows:PublicUrl</c> (e.g. <c>/auth</c>), empty without one.</summary>
    public string PathBase { get; }

    /// <summary>The designer's path as browsers see it: the path of its cookies and the path base of its branch.</summary>
    public string DesignerPath => PathBase + FlowsDesigner.BasePath;

    public bool IsHttps => Origin.StartsWith("https:", StringComparison.OrdinalIgnoreCase);

    public string Authority => $"{Origin}/{AdminEnvironment.Id}/{Environments.EnvironmentPathMiddleware.AuthorizationServerSegment}";

    public string Url(string path) => Origin + path;
}
