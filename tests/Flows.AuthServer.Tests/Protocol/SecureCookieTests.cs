using System.Net;
using Flows.AuthServer.Tests.Hosting;
using Flows.Engine.Activities;
using Flows.Testing;
using Microsoft.AspNetCore.WebUtilities;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>Over HTTPS, every cookie of a sign-in is Secure: the ST cookie as issued and as renewed, and the sign-on page's.</summary>
public sealed class SecureCookieTests(HttpsServerFixture server) : IClassFixture<HttpsServerFixture>
{
    [Fact]
    public async Task Every_cookie_written_while_signing_in_over_https_is_secure()
    {
        using var http = server.CreateHttpsClient();

        using var authorize = await http.GetAsync(SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));
        var session = SessionCookie(authorize);
        var flowId = QueryHelpers.ParseQuery(new Uri(server.BaseAddress, authorize.Headers.Location!).Query)["flowId"].ToString();
        using var page = await SendAsync(http, HttpMethod.Get, $"/test/signon?flowId={flowId}", session);
        using var completed = await SendAsync(http, HttpMethod.Post, $"/test/flows/{flowId}", session,
            FlowAnswers.UsernamePassword(Bob, BobPassword));

        var cookies = new[] { authorize, page, completed }.SelectMany(SetCookies).ToList();
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.Equal(2, cookies.Count(c => c.StartsWith("ST=", StringComparison.Ordinal)));
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.All(cookies, cookie => Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase));
    }

    private static string SessionCookie(HttpResponseMessage response) =>
        SetCookies(response).Single(c => c.StartsWith("ST=", StringComparison.Ordinal)).Split(';')[0];

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string cookie, FlowAction? answer = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie);
        if (answer is not null)
        {
            request.Content = Browser.ActionContent(answer);
        }

        return http.SendAsync(request);
    }
}
