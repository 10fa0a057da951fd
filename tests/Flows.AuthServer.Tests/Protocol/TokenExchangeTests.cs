using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Data;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using static Flows.AuthServer.Tests.Hosting.ExchangeEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// Token exchange (RFC 8693): a service granted it trades a user's access or ID token of this environment for an
/// access token of its own, never broader than the subject token, with <c>act</c> naming an actor.
/// </summary>
public sealed class TokenExchangeTests(ExchangeServerFixture server) : IClassFixture<ExchangeServerFixture>
{
    private readonly HttpClient _http = server.CreateRawClient();

    [Fact]
    public async Task A_service_exchanges_a_users_access_token_for_an_access_token_of_its_own()
    {
        var subject = await SignInAsync(Erin, ErinPassword);

        var (status, body) = await ExchangeAsync(new() { ["subject_token"] = Access(subject), ["subject_token_type"] = AccessTokenType });

        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal((AccessTokenType, "Bearer"), (Text(body, "issued_token_type"), Text(body, "token_type")));
        var issued = new JsonWebToken(Text(body, "access_token"));
        Assert.Equal(new JsonWebToken(Access(subject)).Subject, issued.Subject);
        Assert.Equal(OrdersClientId, issued.GetClaim("client_id").Value);
        Assert.Equal(TestEnvironment.Issuer(server.BaseAddress, Id), issued.Issuer);
        Assert.False(body.ContainsKey("refresh_token"));
    }

    [Fact]
    public async Task Without_a_scope_the_issued_token_keeps_the_subjects_scopes_the_service_may_use()
    {
        var subject = await SignInAsync(Erin, ErinPassword);

        var (_, body) = await ExchangeAsync(new() { ["subject_token"] = Access(subject), ["subject_token_type"] = AccessTokenType });

        var issued = new JsonWebToken(Text(body, "access_token"));
        Assert.Equal(["openid", "profile"], Scopes(issued).Order());
        Assert.Equal("Erin Exchange", issued.GetClaim("name").Value);
        Assert.False(issued.TryGetClaim("email", out _));
    }

    [Fact]
    public async Task A_scope_narrows_the_issued_token()
    {
        var subject = await SignInAsync(Erin, ErinPassword);

        var (status, body) = await ExchangeAsync(new()
        {
            ["subject_token"] = Access(subject), ["subject_token_type"] = AccessTokenType, ["scope"] = "openid",
        });

        Assert.Equal(HttpStatusCode.OK, status);
        var issued = new JsonWebToken(Text(body, "access_token"));
        Assert.Equal(["openid"], Scopes(issued));
        Assert.False(issued.TryGetClaim("name", out _));
    }

    [Fact]
    public async Task A_scope_the_subject_token_was_not_granted_is_refused()
    {
        var subject = await SignInAsync(Erin, ErinPassword, scope: "openid");

        var (status, body) = await ExchangeAsync(new()
        {
            ["subject_token"] = Access(subject), ["subject_token_type"] = AccessTokenType, ["scope"] = "openid profile",
        });

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_scope"), (status, Text(body, "error")));
    }

    [Fact]
    public async Task A_scope_the_service_may_not_use_is_refused()
    {
        var subject = await SignInAsync(Erin, ErinPassword);

        var (status, body) = await ExchangeAsync(new()
        {
            ["subject_token"] = Access(subject), ["subject_token_type"] = AccessTokenType, ["scope"] = "openid email",
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(Text(body, "error"), new[] { "invalid_scope", "invalid_request" });
    }

    [Fact]
    public async Task An_actor_token_puts_the_actor_in_the_act_claim()
    {
        var subject = await SignInAsync(Erin, ErinPassword);
        var actor = await ClientCredentialsTokenAsync();

        var (status, body) = await ExchangeAsync(new()
        {
            ["subject_token"] = Access(subject), ["subject_token_type"] = AccessTokenType,
            ["actor_token"] = actor, ["actor_token_type"] = AccessTokenType,
        });

        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        var act = JsonNode.Parse(new JsonWebToken(Text(body, "access_token")).GetClaim("act").Value)!;
        Assert.Equal(OrdersClientId, act["sub"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_exchanged_token_exchanged_again_nests_the_prior_actor()
    {
        var subject = await SignInAsync(Erin, ErinPassword);
        var actor = await ClientCredentialsTokenAsync();
        var (_, first) = await ExchangeAsync(new()
        {
            ["subject_token"] = Access(subject), ["subject_token_type"] = AccessTokenType,
            ["actor_token"] = actor, ["actor_token_type"] = AccessTokenType,
        });

        var (status, second) = await ExchangeAsync(new()
        {
            ["subject_token"] = Text(first, "access_token"), ["subject_token_type"] = AccessTokenType,
            ["actor_token"] = actor, ["actor_token_type"] = AccessTokenType,
        });

        Assert.True(status == HttpStatusCode.OK, second.ToJsonString());
        var act = JsonNode.Parse(new JsonWebToken(Text(second, "access_token")).GetClaim("act").Value)!;
        Assert.Equal((OrdersClientId, OrdersClientId), (act["sub"]!.GetValue<string>(), act["act"]!["sub"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_id_token_issued_to_another_client_is_not_a_subject_token_for_the_service()
    {
        var subject = await SignInAsync(Erin, ErinPassword);

        var (status, body) = await ExchangeAsync(new() { ["subject_token"] = Text(subject, "id_token"), ["subject_token_type"] = IdTokenType });

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (status, Text(body, "error")));
    }

    [Fact]
    public async Task A_service_not_granted_token_exchange_is_unauthorized_client()
    {
        var subject = await SignInAsync(Erin, ErinPassword);

        var (status, body) = await TokenRequests.PostAsync(_http, Path("token"), new()
        {
            ["grant_type"] = GrantType, ["subject_token"] = Access(subject), ["subject_token_type"] = AccessTokenType,
        }, BillingClientId, BillingSecret);

        Assert.Equal((HttpStatusCode.BadRequest, "unauthorized_client"), (status, Text(body, "error")));
    }

    [Fact]
    public async Task A_forged_subject_token_is_invalid_grant()
    {
        var (status, body) = await ExchangeAsync(new() { ["subject_token"] = "not-a-token", ["subject_token_type"] = AccessTokenType });

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (status, Text(body, "error")));
    }

    [Fact]
    public async Task A_subject_token_of_another_environment_is_invalid_grant()
    {
        var (_, other) = await TokenRequests.PostAsync(_http, "/test/as/token",
            new() { ["grant_type"] = "client_credentials" }, TestEnvironment.ServiceClientId, TestEnvironment.ServiceSecret);

        var (status, body) = await ExchangeAsync(new() { ["subject_token"] = Access(other), ["subject_token_type"] = AccessTokenType });

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (status, Text(body, "error")));
    }

    [Fact]
    public async Task A_revoked_subject_token_is_invalid_grant()
    {
        var subject = await SignInAsync(Erin, ErinPassword);
        var (revoked, _) = await TokenRequests.PostAsync(_http, Path("revoke"), new() { ["token"] = Access(subject) }, ShopClientId, ShopSecret);

        var (status, body) = await ExchangeAsync(new() { ["subject_token"] = Access(subject), ["subject_token_type"] = AccessTokenType });

        Assert.Equal(HttpStatusCode.OK, revoked);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (status, Text(body, "error")));
    }

    [Fact]
    public async Task A_services_own_token_is_no_subject_to_act_for()
    {
        var (status, body) = await ExchangeAsync(new() { ["subject_token"] = await ClientCredentialsTokenAsync(), ["subject_token_type"] = AccessTokenType });

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (status, Text(body, "error")));
    }

    [Fact]
    public async Task The_token_of_a_user_disabled_since_is_invalid_grant()
    {
        var subject = await SignInAsync(Frank, FrankPassword);
        using (var scope = server.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ServerDbContext>().Users
                .Where(user => user.EnvironmentId == Id && user.Username == Frank)
                .ExecuteUpdateAsync(set => set.SetProperty(user => user.Enabled, false));
        }

        var (status, body) = await ExchangeAsync(new() { ["subject_token"] = Access(subject), ["subject_token_type"] = AccessTokenType });

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (status, Text(body, "error")));
    }

    [Theory]
    [InlineData("subject_token_type", "")]
    [InlineData("subject_token_type", "urn:ietf:params:oauth:token-type:refresh_token")]
    [InlineData("requested_token_type", "urn:ietf:params:oauth:token-type:refresh_token")]
    [InlineData("actor_token_type", AccessTokenType)]
    public async Task A_malformed_exchange_is_invalid_request(string parameter, string value)
    {
        var subject = await SignInAsync(Erin, ErinPassword);
        var form = new Dictionary<string, string> { ["subject_token"] = Access(subject), ["subject_token_type"] = AccessTokenType, [parameter] = value };

        var (status, body) = await ExchangeAsync(form);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (status, Text(body, "error")));
    }

    [Theory]
    [InlineData("audience", "https://elsewhere.example")]
    [InlineData("resource", "https://elsewhere.example/api")]
    public async Task A_target_the_environment_does_not_know_is_invalid_target(string parameter, string value)
    {
        var subject = await SignInAsync(Erin, ErinPassword);

        var (status, body) = await ExchangeAsync(new()
        {
            ["subject_token"] = Access(subject), ["subject_token_type"] = AccessTokenType, [parameter] = value,
        });

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_target"), (status, Text(body, "error")));
    }

    [Fact]
    public async Task Discovery_lists_the_token_exchange_grant()
    {
        using var response = await _http.GetAsync(Path(".well-known/openid-configuration"));
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Contains(GrantType, document["grant_types_supported"]!.AsArray().Select(grant => grant!.GetValue<string>()));
    }

    private Task<(HttpStatusCode Status, JsonObject Body)> ExchangeAsync(Dictionary<string, string> form)
    {
        form["grant_type"] = GrantType;
        return TokenRequests.PostAsync(_http, Path("token"), form, OrdersClientId, OrdersSecret);
    }

    private async Task<string> ClientCredentialsTokenAsync()
    {
        var (_, body) = await TokenRequests.PostAsync(_http, Path("token"), new() { ["grant_type"] = "client_credentials" }, OrdersClientId, OrdersSecret);
        return Access(body);
    }

    private async Task<JsonObject> SignInAsync(string username, string password, string scope = "openid profile email offline_access")
    {
        using var browser = new Browser(server.BaseAddress);
        var pkce = Pkce.New();
        var redirect = await SignIn.RunAsync(browser,
            SignIn.AuthorizeUrl(ShopClientId, ShopRedirect, pkce, scope: scope, environment: Id), username, password, environment: Id);
        var (status, tokens) = await TokenRequests.RedeemCodeAsync(
            _http, SignIn.Parameters(redirect)["code"], ShopRedirect, pkce.Verifier, ShopClientId, ShopSecret, Id);
        Assert.Equal(HttpStatusCode.OK, status);
        return tokens;
    }

    private static string Access(JsonObject tokens) => Text(tokens, "access_token");

    private static string Text(JsonObject body, string name) => body[name]?.GetValue<string>() ?? "";

    private static List<string> Scopes(JsonWebToken token) =>
        token.TryGetClaim("scope", out var scope) ? scope.Value.Split(' ').ToList() : [];
}
