using System.Net;
using Flows.AuthServer.Tests.Hosting;
using Flows.Testing;
using static Flows.AuthServer.Tests.IdentityProviders.CertifiedUpstreamFixture;

namespace Flows.AuthServer.Tests.IdentityProviders;

/// <summary>
/// Drives a sign-in through the oidc-provider upstream as a browser does: the flow's authenticate link, the
/// provider's authorize endpoint and its sign-in form (posted over HTTP), and the redirect back to the callback.
/// </summary>
public static class CertifiedUpstreamSignIn
{
    /// <summary>Starts a sign-in of the application with a login hint of the provider's domain; returns the flow's URL.</summary>
    public static Task<string> StartAsync(Browser browser, string account) =>
        SignIn.StartAsync(browser, SignIn.AuthorizeUrl(ClientId, ClientRedirect, Pkce.New(), scope: "openid profile",
            environment: Federated, extra: new Dictionary<string, string?> { ["login_hint"] = $"{account}@corp.test" }), Federated);

    /// <summary>Follows the flow's authenticate link and the provider's redirects to its sign-in form; returns the form's URL.</summary>
    public static async Task<Uri> ToUpstreamFormAsync(Browser browser, string flowUrl, Uri issuer)
    {
        var (_, flow) = await browser.GetFlowAsync(flowUrl);
        Assert.Equal("EXTERNAL_AUTHENTICATION_REQUIRED", flow["status"]!.GetValue<string>());
        using var leaving = await browser.GetAsync(flow["_links"]!["authenticate"]!["href"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Redirect, leaving.StatusCode);
        var authorize = leaving.Headers.Location!;
        Assert.Equal(issuer.Authority, authorize.Authority);

        using var atProvider = await browser.GetAsync(authorize.AbsoluteUri);
        Assert.Equal(HttpStatusCode.SeeOther, atProvider.StatusCode);
        var form = new Uri(authorize, atProvider.Headers.Location!);
        Assert.StartsWith("/interaction/", form.AbsolutePath);
        return form;
    }

    /// <summary>Posts the provider's sign-in form (<c>login</c>) or its cancel button; returns the callback URL it redirects to.</summary>
    public static async Task<Uri> AnswerUpstreamAsync(Browser browser, Uri form, string? account)
    {
        using var posted = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, account is null ? $"{form.AbsoluteUri}/abort" : $"{form.AbsoluteUri}/login")
        {
            Content = new FormUrlEncodedContent(account is null ? [] : [new("login", account)]),
        });
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        using var resumed = await browser.GetAsync(new Uri(form, posted.Headers.Location!).AbsoluteUri);
        Assert.Equal(HttpStatusCode.SeeOther, resumed.StatusCode);
        return new Uri(form, resumed.Headers.Location!);
    }

    /// <summary>Everything up to the provider's redirect back, signed in as <paramref name="account"/> (null: cancelled).</summary>
    public static async Task<Uri> ToCallbackAsync(Browser browser, string flowUrl, Uri issuer, string? account) =>
        await AnswerUpstreamAsync(browser, await ToUpstreamFormAsync(browser, flowUrl, issuer), account);

    /// <summary>A callback URL's query parameter.</summary>
    public static string Parameter(Uri callback, string name) => SignIn.Parameters(callback)[name];

    /// <summary>The callback URL with one parameter replaced.</summary>
    public static Uri With(Uri callback, string name, string value)
    {
        var parameters = SignIn.Parameters(callback);
        parameters[name] = value;
        var query = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        return new Uri(callback.GetLeftPart(UriPartial.Path) + "?" + query);
    }
}
