using System.Net;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>Client credentials, refresh tokens, implicit responses, userinfo, introspection and revocation.</summary>
[Collection(ServerCollection.Name)]
public sealed class TokenGrantTests(ServerFixture server)
{
    private readonly HttpClient _http = server.CreateRawClient();

    [Fact]
    public async Task Client_credentials_with_basic_authentication_returns_an_rs256_jwt_signed_with_the_published_key()
    {
        var (status, body) = await TokenRequests.PostAsync(_http, "/test/as/token",
            new() { ["grant_type"] = "client_credentials" }, ServiceClientId, ServiceSecret);

        Assert.Equal(HttpStatusCode.OK, status);
        var token = new JsonWebToken(body["access_token"]!.GetValue<string>());
        Assert.Equal(("RS256", ServiceClientId), (token.Alg, token.Subject));
        using var jwks = await _http.GetAsync("/test/as/jwks");
        var keys = System.Text.Json.Nodes.JsonNode.Parse(await jwks.Content.ReadAsStringAsync())!["keys"]!.AsArray();
        Assert.Contains(token.Kid, keys.Select(k => k!["kid"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Client_credentials_with_the_secret_in_the_form_works_too()
    {
        var (status, body) = await TokenRequests.PostAsync(_http, "/test/as/token", new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = ServiceClientId, ["client_secret"] = ServiceSecret,
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Bearer", body["token_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wrong_client_secret_is_invalid_client()
    {
        var (status, body) = await TokenRequests.PostAsync(_http, "/test/as/token",
            new() { ["grant_type"] = "client_credentials" }, ServiceClientId, "wrong");

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (status, body["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_grant_the_client_may_not_use_is_refused()
    {
        var (status, body) = await TokenRequests.PostAsync(_http, "/test/as/token",
            new() { ["grant_type"] = "client_credentials" }, WebClientId, WebSecret);

        Assert.Equal((HttpStatusCode.BadRequest, "unauthorized_client"), (status, body["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Refresh_tokens_rotate_and_a_used_one_is_refused()
    {
        var tokens = await SignInAsync();
        var first = tokens["refresh_token"]!.GetValue<string>();

        var rotated = await TokenRequests.RefreshAsync(_http, first, WebClientId, WebSecret);
        var reused = await TokenRequests.RefreshAsync(_http, first, WebClientId, WebSecret);

        Assert.Equal(HttpStatusCode.OK, rotated.Status);
        Assert.NotEqual(first, rotated.Body["refresh_token"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (reused.Status, reused.Body["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Userinfo_answers_get_and_post_with_the_users_claims()
    {
        var accessToken = (await SignInAsync())["access_token"]!.GetValue<string>();

        var get = await TokenRequests.UserInfoAsync(_http, accessToken);
        var post = await TokenRequests.UserInfoAsync(_http, accessToken, post: true);

        Assert.Equal(HttpStatusCode.OK, get.Status);
        Assert.Equal(("Bob Test", "bob", "bob@test.example"),
            (get.Body["name"]!.GetValue<string>(), get.Body["preferred_username"]!.GetValue<string>(), get.Body["email"]!.GetValue<string>()));
        Assert.Equal(get.Body["sub"]!.GetValue<string>(), post.Body["sub"]!.GetValue<string>());
    }

    [Fact]
    public async Task Userinfo_without_a_valid_token_is_unauthorized()
    {
        var (status, _) = await TokenRequests.UserInfoAsync(_http, "not-a-token");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Introspection_reports_an_active_token_and_revocation_ends_a_refresh_token()
    {
        var tokens = await SignInAsync();
        var refresh = tokens["refresh_token"]!.GetValue<string>();

        var active = await TokenRequests.PostAsync(_http, "/test/as/introspect", new() { ["token"] = refresh }, WebClientId, WebSecret);
        var revoked = await TokenRequests.PostAsync(_http, "/test/as/revoke", new() { ["token"] = refresh }, WebClientId, WebSecret);
        var after = await TokenRequests.PostAsync(_http, "/test/as/introspect", new() { ["token"] = refresh }, WebClientId, WebSecret);
        var refreshAfter = await TokenRequests.RefreshAsync(_http, refresh, WebClientId, WebSecret);

        Assert.True(active.Body["active"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        Assert.False(after.Body["active"]!.GetValue<bool>());
        Assert.Equal("invalid_grant", refreshAfter.Body["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_implicit_flow_returns_tokens_in_the_fragment()
    {
        using var browser = new Browser(server.BaseAddress);

        var redirect = await SignIn.RunAsync(browser,
            SignIn.AuthorizeUrl(WebClientId, WebRedirect, pkce: null, responseType: "id_token token", scope: "openid profile", nonce: "imp"), Bob, BobPassword);

        var fragment = SignIn.Parameters(redirect, fragment: true);
        Assert.Equal("imp", new JsonWebToken(fragment["id_token"]).GetClaim("nonce").Value);
        Assert.True(fragment.ContainsKey("access_token"));
        Assert.Empty(redirect.Query);
    }

    [Fact]
    public async Task The_hybrid_flow_returns_a_code_and_an_id_token_bound_to_it()
    {
        using var browser = new Browser(server.BaseAddress);
        var pkce = Pkce.New();

        var redirect = await SignIn.RunAsync(browser,
            SignIn.AuthorizeUrl(WebClientId, WebRedirect, pkce, responseType: "code id_token", scope: "openid", nonce: "hyb"), Bob, BobPassword);

        var fragment = SignIn.Parameters(redirect, fragment: true);
        var idToken = new JsonWebToken(fragment["id_token"]);
        Assert.Equal("hyb", idToken.GetClaim("nonce").Value);
        Assert.True(idToken.TryGetClaim("c_hash", out _));
        var (status, _) = await TokenRequests.RedeemCodeAsync(_http, fragment["code"], WebRedirect, pkce.Verifier, WebClientId, WebSecret);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private async Task<System.Text.Json.Nodes.JsonObject> SignInAsync()
    {
        using var browser = new Browser(server.BaseAddress);
        var pkce = Pkce.New();
        var code = SignIn.Parameters(await SignIn.RunAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, pkce), Bob, BobPassword))["code"];
        var (status, tokens) = await TokenRequests.RedeemCodeAsync(_http, code, WebRedirect, pkce.Verifier, WebClientId, WebSecret);
        Assert.Equal(HttpStatusCode.OK, status);
        return tokens;
    }
}
