using System.Net;
using Flows.AuthServer.Tests.Hosting;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>Clients, codes, tokens, flows and sessions of one environment mean nothing in another.</summary>
[Collection(ServerCollection.Name)]
public sealed class CrossEnvironmentTests(ServerFixture server)
{
    private readonly HttpClient _http = server.CreateRawClient();

    [Fact]
    public async Task A_client_secret_of_one_environment_does_not_authenticate_the_same_client_id_in_another()
    {
        var (status, body) = await TokenRequests.PostAsync(_http, "/other/as/token",
            new() { ["grant_type"] = "client_credentials" }, ServiceClientId, ServiceSecret);

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (status, body["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_code_issued_in_one_environment_cannot_be_redeemed_in_another()
    {
        using var browser = new Browser(server.BaseAddress);
        var pkce = Pkce.New();
        var code = SignIn.Parameters(await SignIn.RunAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, pkce), Bob, BobPassword))["code"];

        var (status, body) = await TokenRequests.RedeemCodeAsync(_http, code, WebRedirect, pkce.Verifier, WebClientId, OtherWebSecret, Other);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (status, body["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_access_token_of_one_environment_is_refused_by_another_environments_userinfo()
    {
        var (_, tokens) = await TokenRequests.PostAsync(_http, "/test/as/token",
            new() { ["grant_type"] = "client_credentials" }, ServiceClientId, ServiceSecret);

        var (status, _) = await TokenRequests.UserInfoAsync(_http, tokens["access_token"]!.GetValue<string>(), Other);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task A_flow_of_one_environment_is_not_found_under_another()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));

        var (status, body) = await browser.GetFlowAsync(flowUrl.Replace("/test/", "/other/", StringComparison.Ordinal));

        Assert.Equal((HttpStatusCode.NotFound, "NOT_FOUND"), (status, body["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_session_of_one_environment_does_not_sign_the_user_in_to_another()
    {
        using var browser = new Browser(server.BaseAddress);
        await SignIn.RunAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()), Bob, BobPassword);

        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New(), environment: Other), Other);

        Assert.StartsWith("/other/flows/", flowUrl);
    }
}
