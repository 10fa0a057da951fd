using Flows.AuthServer.Addressing;

namespace Flows.AuthServer.SignOn;

/// <summary>The one layout of the hosted pages (sign-on and try-it): a centered card under the environment's name.</summary>
public static class HostedPageLayout
{
    public const string Path = "/SignOn/_HostedPageLayout.cshtml";

    /// <summary>The ViewData key of the page title, the ASP.NET Core convention.</summary>
    public const string TitleKey = "Title";

    public const string StyleSheet = "/css/signon.css";

    /// <summary>The script of the passkey steps: the only one a hosted page runs.</summary>
    public const string PasskeyScript = "/js/passkey.js";

    public static string PasskeyScriptPath(HttpRequest request) => PublicAddress.Of(request).Path(PasskeyScript);

    /// <summary>The style sheet's path below the request's public path base.</summary>
    public static string StyleSheetPath(HttpRequest request) => PublicAddress.Of(request).Path(StyleSheet);
}
