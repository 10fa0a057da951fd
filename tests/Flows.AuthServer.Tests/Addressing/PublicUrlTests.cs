using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Tests.Hosting;
using Flows.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using static Flows.AuthServer.Tests.Addressing.PublicUrlServerFixture;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Addressing;

/// <summary>
/// <c>Flows:PublicUrl</c> over real HTTP: the issuer and every URL the server gives out (discovery, the redirect to the
/// sign-on page, the flow API's links, the resume URL, cookies' paths, the hosted page's form and style sheet) start
/// with the public URL and its path base, whatever Host header the request came with.
/// </summary>
public sealed class PublicUrlTests(PublicUrlServerFixture server) : IClassFixture<PublicUrlServerFixture>
{
    [Theory]
    [InlineData(PathBase + "/test/as/.well-known/openid-configuration")]
    [InlineData("/test/as/.well-known/openid-configuration")]
    public async Task Discovery_names_the_public_issuer_whatever_the_host_header_and_with_or_without_the_path_base(string path)
    {
        using var http = server.CreateRawClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "attacker.example";

        using var response = await http.SendAsync(request);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Issuer(), document["issuer"]!.GetValue<string>());
        foreach (var endpoint in new[] { "authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint", "end_session_endpoint" })
        {
            Assert.StartsWith(Issuer() + "/", document[endpoint]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_sign_in_behind_the_path_base_gets_public_urls_secure_cookies_and_tokens_of_the_public_issuer()
    {
        using var http = server.CreateRawClient();
        var pkce = Pkce.New();

        using var authorize = await http.GetAsync(PathBase + SignIn.AuthorizeUrl(WebClientId, WebRedirect, pkce));
        var signOnPage = authorize.Headers.Location!.OriginalString;
        var session = Cookie(authorize, "ST");
        var flowId = QueryHelpers.ParseQuery(new Uri(new Uri(Origin), signOnPage).Query)["flowId"].ToString();
        Assert.StartsWith($"{PathBase}/{Id}/signon?flowId=", signOnPage);
        Assert.Contains($"; path={PathBase}/{Id}", session.SetCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; secure", session.SetCookie, StringComparison.OrdinalIgnoreCase);

        using var page = await SendAsync(http, HttpMethod.Get, signOnPage, session.Value);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"action=\"{PathBase}/{Id}/signon?flowId={flowId}&amp;handler=UsernamePassword\"", html);
        Assert.Contains($"href=\"{PathBase}/css/signon.css", html);

        using var started = await SendAsync(http, HttpMethod.Get, $"{PathBase}/{Id}/flows/{flowId}", session.Value);
        var flow = JsonNode.Parse(await started.Content.ReadAsStringAsync())!;
        Assert.Equal($"{PublicUrl}/{Id}/flows/{flowId}", flow["_links"]!["self"]!["href"]!.GetValue<string>());

        using var completed = await SendAsync(http, HttpMethod.Post, $"{PathBase}/{Id}/flows/{flowId}", session.Value,
            Browser.ActionContent(FlowAnswers.UsernamePassword(Bob, BobPassword)));
        var renewed = Cookie(completed, "ST");
        var resumeUrl = JsonNode.Parse(await completed.Content.ReadAsStringAsync())!["resumeUrl"]!.GetValue<string>();
        Assert.Equal($"{PublicUrl}/{Id}/as/resume?flowId={flowId}", resumeUrl);
        Assert.Contains($"; path={PathBase}/{Id}", renewed.SetCookie, StringComparison.OrdinalIgnoreCase);

        using var resumed = await SendAsync(http, HttpMethod.Get, new Uri(resumeUrl).PathAndQuery, renewed.Value);
        var answer = SignIn.Parameters(resumed.Headers.Location!);
        Assert.Equal(HttpStatusCode.Redirect, resumed.StatusCode);
        Assert.Equal(Issuer(), answer["iss"]);

        var (status, tokens) = await TokenRequests.PostAsync(http, $"{PathBase}/{Id}/as/token", new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = answer["code"], ["redirect_uri"] = WebRedirect, ["code_verifier"] = pkce.Verifier,
        }, WebClientId, WebSecret);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Issuer(), new JsonWebToken(tokens["id_token"]!.GetValue<string>()).Issuer);
    }

    [Fact]
    public async Task A_message_page_behind_the_path_base_links_its_style_sheet_below_the_path_base()
    {
        using var http = server.CreateRawClient();

        using var page = await http.GetAsync($"{PathBase}/{Id}/as/authorize?client_id=unknown-client&response_type=code");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains($"href=\"{PathBase}/css/signon.css\"", html);
    }

    private static (string Value, string SetCookie) Cookie(HttpResponseMessage response, string name)
    {
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(name + "=", StringComparison.Ordinal));
        return (setCookie.Split(';')[0], setCookie);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string cookie, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("Cookie", cookie);
        return http.SendAsync(request);
    }
}
