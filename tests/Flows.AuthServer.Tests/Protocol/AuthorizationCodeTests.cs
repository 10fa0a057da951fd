using System.Net;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

[Collection(ServerCollection.Name)]
public sealed class AuthorizationCodeTests(ServerFixture server)
{
    private readonly HttpClient _http = server.CreateRawClient();

    [Fact]
    public async Task A_confidential_client_gets_tokens_after_a_password_sign_in_through_the_flow_api()
    {
        using var browser = new Browser(server.BaseAddress);
        var pkce = Pkce.New();

        var redirect = await SignIn.RunAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, pkce, state: "s-42", nonce: "n-42"), Alice, AlicePassword);
        var parameters = SignIn.Parameters(redirect);
        var (status, tokens) = await TokenRequests.RedeemCodeAsync(_http, parameters["code"], WebRedirect, pkce.Verifier, WebClientId, WebSecret);

        Assert.StartsWith(WebRedirect, redirect.ToString());
        Assert.Equal("s-42", parameters["state"]);
        Assert.Equal(HttpStatusCode.OK, status);
        var idToken = new JsonWebToken(tokens["id_token"]!.GetValue<string>());
        Assert.Equal(Issuer(server.BaseAddress), idToken.Issuer);
        Assert.Equal([WebClientId], idToken.Audiences);
        Assert.Equal("RS256", idToken.Alg);
        Assert.Equal("n-42", idToken.GetClaim("nonce").Value);
        Assert.Equal("Alice Test", idToken.GetClaim("name").Value);
        Assert.Equal("pwd", idToken.GetClaim("amr").Value);
        Assert.True(idToken.TryGetClaim("auth_time", out _));
        Assert.Equal("RS256", new JsonWebToken(tokens["access_token"]!.GetValue<string>()).Alg);
        Assert.NotNull(tokens["refresh_token"]);
    }

    [Fact]
    public async Task A_public_client_signs_in_with_password_and_otp_and_pkce()
    {
        using var browser = new Browser(server.BaseAddress);
        var pkce = Pkce.New();

        var redirect = await SignIn.RunAsync(browser, SignIn.AuthorizeUrl(SpaClientId, SpaRedirect, pkce), Alice, AlicePassword, AliceTotpSecret);
        var (status, tokens) = await TokenRequests.RedeemCodeAsync(_http, SignIn.Parameters(redirect)["code"], SpaRedirect, pkce.Verifier, SpaClientId, secret: null);

        Assert.Equal(HttpStatusCode.OK, status);
        var idToken = new JsonWebToken(tokens["id_token"]!.GetValue<string>());
        Assert.Equal(["pwd", "otp", "mfa"], idToken.Claims.Where(c => c.Type == "amr").Select(c => c.Value));
        Assert.Equal("mfa", idToken.GetClaim("acr").Value);
    }

    [Fact]
    public async Task A_code_can_be_redeemed_only_once()
    {
        using var browser = new Browser(server.BaseAddress);
        var pkce = Pkce.New();
        var code = SignIn.Parameters(await SignIn.RunAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, pkce), Bob, BobPassword))["code"];

        var first = await TokenRequests.RedeemCodeAsync(_http, code, WebRedirect, pkce.Verifier, WebClientId, WebSecret);
        var replay = await TokenRequests.RedeemCodeAsync(_http, code, WebRedirect, pkce.Verifier, WebClientId, WebSecret);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.BadRequest, replay.Status);
        Assert.Equal("invalid_grant", replay.Body["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wrong_code_verifier_is_refused()
    {
        using var browser = new Browser(server.BaseAddress);
        var pkce = Pkce.New();
        var code = SignIn.Parameters(await SignIn.RunAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, pkce), Bob, BobPassword))["code"];

        var (status, body) = await TokenRequests.RedeemCodeAsync(_http, code, WebRedirect, Pkce.New().Verifier, WebClientId, WebSecret);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (status, body["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_public_client_without_pkce_is_sent_back_invalid_request_and_no_flow_starts()
    {
        using var browser = new Browser(server.BaseAddress);

        using var response = await browser.GetAsync(SignIn.AuthorizeUrl(SpaClientId, SpaRedirect, pkce: null, state: "st"));

        // RFC 7636 §4.4.1: the error goes to the (verified) redirect URI, with the request's state.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var answer = SignIn.Parameters(response.Headers.Location!);
        Assert.Equal(("invalid_request", "st"), (answer["error"], answer["state"]));
        Assert.Contains("code_challenge", answer["error_description"], StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task An_unknown_client_or_redirect_uri_gets_an_error_page_not_a_redirect()
    {
        using var browser = new Browser(server.BaseAddress);

        using var unknownClient = await browser.GetAsync(SignIn.AuthorizeUrl("nobody", WebRedirect, Pkce.New()));
        using var wrongRedirect = await browser.GetAsync(SignIn.AuthorizeUrl(WebClientId, "https://evil.test/callback", Pkce.New()));

        foreach (var response in new[] { unknownClient, wrongRedirect })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Null(response.Headers.Location);
            Assert.StartsWith("text/html", response.Content.Headers.ContentType!.ToString());
        }
    }
}
