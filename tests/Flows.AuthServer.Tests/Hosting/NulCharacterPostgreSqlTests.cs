using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Flows.AuthServer.Tests.Management;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>
/// PostgreSQL cannot store or even compare a text holding NUL, so a NUL that reached a query failed it: a NUL in a
/// query parameter, a form field or a JSON string is refused as a 400 in the endpoint's shape before any lookup.
/// </summary>
public sealed class NulCharacterPostgreSqlTests(PostgreSqlManagementServer postgres) : IClassFixture<PostgreSqlManagementServer>
{
    private readonly ManagementServerFixture _server = postgres.Server;

    [Fact]
    public async Task A_nul_in_the_answer_to_a_flow_step_is_a_400_problem()
    {
        using var browser = new Browser(_server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));

        var (status, problem) = await browser.ActAsync(flowUrl, "usernamePassword.check", new { username = "bob\0", password = "x\0" });

        Assert.Equal((HttpStatusCode.BadRequest, "INVALID_REQUEST"), (status, problem["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_backslash_before_u0000_is_text_not_a_nul()
    {
        using var browser = new Browser(_server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));

        // The JSON string "bob\\u0000" is the seven characters bob\u0000: an unknown user, asked again.
        var (status, flow) = await browser.ActAsync(flowUrl, "usernamePassword.check", new { username = "bob\\u0000", password = "x" });

        Assert.Equal((HttpStatusCode.OK, "USERNAME_PASSWORD_REQUIRED"), (status, flow["status"]!.GetValue<string>()));
        Assert.NotNull(flow["error"]);
    }

    [Theory]
    [InlineData("/v1/environments", """{"id":"nul-name","name":"a\u0000b"}""")]
    [InlineData("/v1/environments/test/users", """{"username":"nul\u0000","email":"nul@test.example","name":"Nul","password":"nul-password-1"}""")]
    [InlineData("/v1/environments/test/applications", """{"name":"Nul\u0000","type":"public","grantTypes":["authorization_code"],"redirectUris":["https://nul.test/cb"],"postLogoutRedirectUris":[],"scopes":["openid"]}""")]
    public async Task A_nul_in_a_management_body_is_a_400_problem(string path, string json)
    {
        var api = new ManagementApi(_server.CreateClient());
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", await api.TokenAsync());

        using var response = await _server.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_REQUEST", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_nul_in_an_authorization_request_is_the_error_page()
    {
        using var browser = new Browser(_server.BaseAddress);

        using var response = await browser.GetAsync($"/{Id}/as/authorize?response_type=code&client_id=web%00&redirect_uri={Uri.EscapeDataString(WebRedirect)}&scope=openid");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nul_in_a_token_request_is_an_oauth_error()
    {
        using var http = _server.CreateRawClient();
        using var form = new StringContent($"grant_type=client_credentials&client_id={ServiceClientId}%00&client_secret={ServiceSecret}", Encoding.ASCII, "application/x-www-form-urlencoded");

        using var response = await http.PostAsync($"/{Id}/as/token", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
    }
}
