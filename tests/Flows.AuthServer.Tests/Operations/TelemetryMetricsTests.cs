using System.Net;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.Testing;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Operations;

/// <summary>
/// The Prometheus scrape endpoint over real HTTP: the server's own counters move when a real sign-in, a lockout or a
/// rate-limit refusal happens. Other servers of the test run share the process's meter, so counts only ever grow by
/// at least what the test did.
/// </summary>
public sealed class TelemetryMetricsTests(TelemetryServerFixture server) : IClassFixture<TelemetryServerFixture>
{
    private static readonly (string, string) TestEnvironmentLabel = ("flows_environment", Id);

    [Fact]
    public async Task A_sign_in_moves_the_sign_in_step_and_token_counters()
    {
        (string, string)[] completed = [TestEnvironmentLabel, ("flows_application", WebClientId), ("flows_outcome", "completed")];
        (string, string)[] accessTokens = [TestEnvironmentLabel, ("flows_grant_type", "authorization_code"), ("flows_token_type", "access_token")];
        (string, string)[] codes = [TestEnvironmentLabel, ("flows_grant_type", "authorization_code"), ("flows_token_type", "code")];
        (string, string)[] passwordSteps = [("flows_activity", nameof(AskForUsernamePassword))];
        var signInsBefore = await server.ScrapeAsync("flows_sign_ins_total", completed);
        var tokensBefore = await server.ScrapeAsync("flows_tokens_issued_total", accessTokens);
        var codesBefore = await server.ScrapeAsync("flows_tokens_issued_total", codes);
        var stepsBefore = await server.ScrapeAsync("flows_flow_step_duration_seconds_count", passwordSteps);

        using var browser = new Browser(server.BaseAddress);
        var pkce = Pkce.New();
        var redirect = await SignIn.RunAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, pkce), Bob, BobPassword);
        using var http = server.CreateRawClient();
        var (status, _) = await TokenRequests.RedeemCodeAsync(http, SignIn.Parameters(redirect)["code"], WebRedirect, pkce.Verifier, WebClientId, WebSecret);
        Assert.Equal(HttpStatusCode.OK, status);

        Assert.True(await server.ScrapeAsync("flows_sign_ins_total", completed) >= signInsBefore + 1);
        Assert.True(await server.ScrapeAsync("flows_tokens_issued_total", codes) >= codesBefore + 1);
        Assert.True(await server.ScrapeAsync("flows_tokens_issued_total", accessTokens) >= tokensBefore + 1);

        // The password step ran twice: once to ask, once to check the answer.
        Assert.True(await server.ScrapeAsync("flows_flow_step_duration_seconds_count", passwordSteps) >= stepsBefore + 2);
    }

    [Fact]
    public async Task A_client_credentials_token_is_counted_under_its_grant()
    {
        (string, string)[] labels = [TestEnvironmentLabel, ("flows_grant_type", "client_credentials"), ("flows_token_type", "access_token")];
        var before = await server.ScrapeAsync("flows_tokens_issued_total", labels);

        using var http = server.CreateRawClient();
        var (status, _) = await TokenRequests.PostAsync(http, $"/{Id}/as/token",
            new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, ServiceClientId, ServiceSecret);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(await server.ScrapeAsync("flows_tokens_issued_total", labels) >= before + 1);
    }

    [Fact]
    public async Task Wrong_passwords_up_to_the_lockout_count_one_password_lockout()
    {
        (string, string)[] labels = [TestEnvironmentLabel, ("flows_factor", "password")];
        var before = await server.ScrapeAsync("flows_lockouts_total", labels);

        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var (status, _) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(Alice, "not-the-password"));
            Assert.Equal(HttpStatusCode.OK, status);
        }

        Assert.True(await server.ScrapeAsync("flows_lockouts_total", labels) >= before + 1);
    }

    [Fact]
    public async Task A_request_refused_by_a_rate_limit_is_counted()
    {
        var before = await server.ScrapeAsync("flows_rate_limit_refusals_total", ("flows_rate_limit_policy", "global"));
        using var http = server.CreateRawClient();

        HttpStatusCode Send() => http.Send(new HttpRequestMessage(HttpMethod.Get, "/healthz") { Headers = { { TelemetryServerFixture.LimitedHeader, "1" } } }).StatusCode;
        var statuses = new[] { Send(), Send() };

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(await server.ScrapeAsync("flows_rate_limit_refusals_total", ("flows_rate_limit_policy", "global")) >= before + 1);
    }
}
