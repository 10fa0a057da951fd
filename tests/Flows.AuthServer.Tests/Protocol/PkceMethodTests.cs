using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Tests.Hosting;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>PKCE with S256 only: a plain challenge is the verifier itself and protects nothing (RFC 9700 §2.1.1).</summary>
[Collection(ServerCollection.Name)]
public sealed class PkceMethodTests(ServerFixture server)
{
    [Theory]
    [InlineData(WebClientId, WebRedirect)]
    [InlineData(SpaClientId, SpaRedirect)]
    public async Task A_plain_code_challenge_is_refused_and_starts_no_flow(string clientId, string redirectUri)
    {
        using var browser = new Browser(server.BaseAddress);
        var verifier = Pkce.New().Verifier;

        using var response = await browser.GetAsync(SignIn.AuthorizeUrl(clientId, redirectUri, pkce: null,
            extra: new Dictionary<string, string?> { ["code_challenge"] = verifier, ["code_challenge_method"] = "plain" }));

        AssertRefusedToTheApplication(response, redirectUri);
    }

    [Fact]
    public async Task A_code_challenge_without_a_method_is_refused_because_it_would_mean_plain()
    {
        using var browser = new Browser(server.BaseAddress);

        using var response = await browser.GetAsync(SignIn.AuthorizeUrl(SpaClientId, SpaRedirect, pkce: null,
            extra: new Dictionary<string, string?> { ["code_challenge"] = Pkce.New().Verifier }));

        AssertRefusedToTheApplication(response, SpaRedirect);
    }

    [Fact]
    public async Task Discovery_offers_s256_alone()
    {
        using var http = server.CreateRawClient();

        var document = JsonNode.Parse(await http.GetStringAsync($"/{Id}/as/.well-known/openid-configuration"))!;

        Assert.Equal(["S256"], document["code_challenge_methods_supported"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    /// <summary>The application learns of the refusal at its redirect URI (RFC 7636 §4.4.1), and no flow or session starts.</summary>
    private static void AssertRefusedToTheApplication(HttpResponseMessage response, string redirectUri)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(redirectUri + "?", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("invalid_request", SignIn.Parameters(response.Headers.Location!)["error"]);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }
}
