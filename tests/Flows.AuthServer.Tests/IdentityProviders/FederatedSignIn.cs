using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Tests.Hosting;
using Flows.Testing;
using static Flows.AuthServer.Tests.IdentityProviders.FederatedServerFixture;

namespace Flows.AuthServer.Tests.IdentityProviders;

/// <summary>
/// Drives a sign-in through the upstream environment as a browser does: the downstream flow's authenticate link, the
/// upstream's own sign-in (its JSON flow API), and the redirect back to the downstream callback.
/// </summary>
public static class FederatedSignIn
{
    /// <summary>Starts a downstream sign-in for the application, with a login hint of the provider's domain.</summary>
    public static Task<string> StartAsync(Browser browser, string clientId, string upstreamUser) =>
        SignIn.StartAsync(browser, SignIn.AuthorizeUrl(clientId, ClientRedirect, Pkce.New(), scope: "openid profile",
            environment: Downstream, extra: new Dictionary<string, string?> { ["login_hint"] = $"{upstreamUser}@corp.test" }), Downstream);

    /// <summary>The flow waits on the provider: follows its authenticate link; returns the upstream authorize URL.</summary>
    public static async Task<Uri> LeaveAsync(Browser browser, string flowUrl)
    {
        var (_, flow) = await browser.GetFlowAsync(flowUrl);
        Assert.Equal("EXTERNAL_AUTHENTICATION_REQUIRED", flow["status"]!.GetValue<string>());
        using var response = await browser.GetAsync(flow["_links"]!["authenticate"]!["href"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    /// <summary>Signs the user in at the upstream environment; returns the callback URL it redirects the browser to.</summary>
    public static async Task<Uri> SignInUpstreamAsync(Browser browser, Uri upstreamAuthorize, string username)
    {
        Assert.StartsWith($"{browser.BaseAddress.ToString().TrimEnd('/')}/{Upstream}/as/authorize", upstreamAuthorize.ToString());
        var flowUrl = await SignIn.StartAsync(browser, upstreamAuthorize.PathAndQuery, Upstream);
        var completed = await SignIn.CompleteAsync(browser, flowUrl, username, UpstreamPassword);
        return await SignIn.ResumeAsync(browser, completed);
    }

    /// <summary>Everything up to the provider's redirect back: returns the callback URL, not yet followed.</summary>
    public static async Task<Uri> ToCallbackAsync(Browser browser, string flowUrl, string upstreamUser) =>
        await SignInUpstreamAsync(browser, await LeaveAsync(browser, flowUrl), upstreamUser);

    /// <summary>Follows the callback; returns the response (a redirect to the flow's page or its resume, or a refusal).</summary>
    public static Task<HttpResponseMessage> ReturnAsync(Browser browser, Uri callback) => browser.GetAsync(callback.PathAndQuery);

    /// <summary>The flow's id in its resource URL.</summary>
    public static string FlowId(string flowUrl) => flowUrl[(flowUrl.LastIndexOf('/') + 1)..];

    public static async Task<JsonObject> FlowAsync(Browser browser, string flowUrl)
    {
        var (status, flow) = await browser.GetFlowAsync(flowUrl);
        Assert.Equal(HttpStatusCode.OK, status);
        return flow;
    }
}
