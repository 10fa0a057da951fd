using System.Net;
using Flows.AuthServer.Tests.Hosting;
using static Flows.AuthServer.Tests.RateLimiting.RateLimitedTraffic;

namespace Flows.AuthServer.Tests.RateLimiting;

/// <summary><c>Flows:RateLimiting:Enabled=false</c>: the traffic the limits refuse goes through.</summary>
public sealed class RateLimitsOffTests(UnlimitedServerFixture server) : IClassFixture<UnlimitedServerFixture>
{
    private const int Requests = RateLimitServerFixture.Limit * 2;

    [Fact]
    public async Task Flow_actions_past_every_limit_go_through_both_front_doors()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowId = await StartFlowAsync(browser);
        var form = await HostedPageForm.OpenAsync(browser, SignOnPath(flowId));
        var (address, username) = (NewAddress(), NewName("guessed"));

        for (var i = 0; i < Requests; i++)
        {
            using var api = await PostPasswordAsync(browser, flowId, address, username);
            using var page = await SubmitPasswordAsync(browser, form, address, username);
            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (api.StatusCode, page.StatusCode));
        }
    }

    [Fact]
    public async Task Token_and_management_requests_past_their_limits_go_through()
    {
        using var http = server.CreateRawClient();
        var (address, token) = (NewAddress(), NewName("token"));

        for (var i = 0; i < Requests; i++)
        {
            using var client = await PostClientAsync(http, "token", TestEnvironment.ServiceClientId, TestEnvironment.ServiceSecret, address);
            using var management = await GetManagementAsync(http, token, address);
            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized), (client.StatusCode, management.StatusCode));
        }
    }
}
