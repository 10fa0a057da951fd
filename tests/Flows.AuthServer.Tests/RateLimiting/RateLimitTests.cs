using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Failures;
using Flows.AuthServer.RateLimiting;
using Flows.AuthServer.Tests.Hosting;
using static Flows.AuthServer.Tests.RateLimiting.RateLimitedTraffic;

namespace Flows.AuthServer.Tests.RateLimiting;

/// <summary>
/// The rate limits over real HTTP: past its limit each limited endpoint answers 429 with <c>Retry-After</c> in its own
/// shape, another address, username, client or token is not affected, and each refusal is counted by its policy.
/// </summary>
public sealed class RateLimitTests(RateLimitServerFixture server) : IClassFixture<RateLimitServerFixture>
{
    private const int Limit = RateLimitServerFixture.Limit;

    [Fact]
    public async Task Flow_actions_from_one_address_past_its_limit_get_429_with_retry_after_and_a_problem()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowId = await StartFlowAsync(browser);
        var address = NewAddress();
        using var refusals = new RefusalCounts();

        // Another username each time: only the address is over its limit.
        for (var i = 0; i < Limit; i++)
        {
            using var allowed = await PostPasswordAsync(browser, flowId, address, NewName("spray"));
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await PostPasswordAsync(browser, flowId, address, NewName("spray"));
        using var otherAddress = await PostPasswordAsync(browser, flowId, NewAddress(), NewName("spray"));

        await AssertProblemAsync(refused);
        Assert.Equal(HttpStatusCode.OK, otherAddress.StatusCode);
        Assert.Equal(1, refusals.Of(RateLimitPolicies.FlowActionsPerAddress));
    }

    [Fact]
    public async Task Wrong_user_codes_from_one_address_past_its_limit_get_429_on_any_verification_flow()
    {
        using var browser = new Browser(server.BaseAddress);
        var address = NewAddress();
        using var refusals = new RefusalCounts();
        for (var i = 0; i < RateLimitServerFixture.UserCodeLimit; i++)
        {
            using var wrong = await PostWrongUserCodeAsync(browser, await StartDeviceVerificationAsync(browser), address);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        // A new verification flow brings no new guesses.
        var flowId = await StartDeviceVerificationAsync(browser);
        using var refused = await PostWrongUserCodeAsync(browser, flowId, address);
        using var otherAddress = await PostWrongUserCodeAsync(browser, flowId, NewAddress());

        await AssertProblemAsync(refused);
        Assert.Equal(HttpStatusCode.OK, otherAddress.StatusCode);
        Assert.Equal(1, refusals.Of(RateLimitPolicies.UserCodeAttemptsPerAddress));
    }

    [Fact]
    public async Task Flow_actions_for_one_username_past_its_limit_get_429_from_any_address()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowId = await StartFlowAsync(browser);
        var username = NewName("guessed");
        using var refusals = new RefusalCounts();

        // Another address each time: only the username is over its limit, in whatever case it is typed.
        for (var i = 0; i < Limit; i++)
        {
            using var allowed = await PostPasswordAsync(browser, flowId, NewAddress(), i % 2 == 0 ? username : username.ToUpperInvariant());
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await PostPasswordAsync(browser, flowId, NewAddress(), username);
        using var otherUsername = await PostPasswordAsync(browser, flowId, NewAddress(), NewName("guessed"));

        await AssertProblemAsync(refused);
        Assert.Equal(HttpStatusCode.OK, otherUsername.StatusCode);
        Assert.Equal(1, refusals.Of(RateLimitPolicies.FlowActionsPerUsername));
    }

    [Fact]
    public async Task Sign_on_form_posts_from_one_address_past_its_limit_get_429_with_the_error_page()
    {
        using var browser = new Browser(server.BaseAddress);
        var form = await HostedPageForm.OpenAsync(browser, SignOnPath(await StartFlowAsync(browser)));
        var address = NewAddress();
        using var refusals = new RefusalCounts();

        for (var i = 0; i < Limit; i++)
        {
            using var allowed = await SubmitPasswordAsync(browser, form, address, NewName("spray"));
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await SubmitPasswordAsync(browser, form, address, NewName("spray"));
        using var otherAddress = await SubmitPasswordAsync(browser, form, NewAddress(), NewName("spray"));

        await AssertPageAsync(refused);
        Assert.Equal(HttpStatusCode.OK, otherAddress.StatusCode);
        Assert.Equal(1, refusals.Of(RateLimitPolicies.FlowActionsPerAddress));
    }

    [Fact]
    public async Task Sign_on_form_posts_for_one_username_past_its_limit_get_429_with_the_error_page()
    {
        using var browser = new Browser(server.BaseAddress);
        var form = await HostedPageForm.OpenAsync(browser, SignOnPath(await StartFlowAsync(browser)));
        var username = NewName("guessed");
        using var refusals = new RefusalCounts();

        for (var i = 0; i < Limit; i++)
        {
            using var allowed = await SubmitPasswordAsync(browser, form, NewAddress(), username);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await SubmitPasswordAsync(browser, form, NewAddress(), username);

        await AssertPageAsync(refused);
        Assert.Equal(1, refusals.Of(RateLimitPolicies.FlowActionsPerUsername));
    }

    [Theory]
    [InlineData("token")]
    [InlineData("introspect")]
    [InlineData("revoke")]
    public async Task Requests_naming_one_client_past_its_limit_get_429_with_an_oauth_error(string endpoint)
    {
        using var http = server.CreateRawClient();
        var clientId = NewName("client");
        using var refusals = new RefusalCounts();

        // Not authenticated (no such client), and from another address each time: the client id is what counts.
        for (var i = 0; i < Limit; i++)
        {
            using var allowed = await PostClientAsync(http, endpoint, clientId, secret: null, NewAddress());
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
        }

        using var refused = await PostClientAsync(http, endpoint, clientId, secret: null, NewAddress());
        using var otherClient = await PostClientAsync(http, endpoint, NewName("client"), secret: null, NewAddress());

        await AssertOAuthErrorAsync(refused);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, otherClient.StatusCode);
        Assert.Equal(1, refusals.Of(RateLimitPolicies.TokenRequestsPerClient));
    }

    [Fact]
    public async Task An_authenticated_client_past_its_limit_gets_429_and_no_token()
    {
        using var http = server.CreateRawClient();
        var address = NewAddress();

        for (var i = 0; i < Limit; i++)
        {
            using var allowed = await PostClientAsync(http, "token", TestEnvironment.ServiceClientId, TestEnvironment.ServiceSecret, address);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await PostClientAsync(http, "token", TestEnvironment.ServiceClientId, TestEnvironment.ServiceSecret, address);

        await AssertOAuthErrorAsync(refused);
    }

    [Fact]
    public async Task Management_requests_with_one_token_past_its_limit_get_429_with_problem_details()
    {
        using var http = server.CreateRawClient();
        var token = NewName("token");
        using var refusals = new RefusalCounts();

        for (var i = 0; i < Limit; i++)
        {
            using var allowed = await GetManagementAsync(http, token, NewAddress());
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }

        using var refused = await GetManagementAsync(http, token, NewAddress());
        using var otherToken = await GetManagementAsync(http, NewName("token"), NewAddress());

        await AssertProblemAsync(refused);
        Assert.Equal(HttpStatusCode.Unauthorized, otherToken.StatusCode);
        Assert.Equal(1, refusals.Of(RateLimitPolicies.ManagementRequestsPerToken));
    }

    private static void AssertRetryAfter(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.InRange(RetryAfterSeconds(response), 1, 60);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response)
    {
        AssertRetryAfter(response);
        Assert.Equal(ProblemJson.ContentType, response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((ErrorCodes.TooManyRequests, 429), (problem["code"]!.GetValue<string>(), problem["status"]!.GetValue<int>()));
    }

    private static async Task AssertOAuthErrorAsync(HttpResponseMessage response)
    {
        AssertRetryAfter(response);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("temporarily_unavailable", error["error"]!.GetValue<string>());
        Assert.Equal(ErrorCatalog.TooManyRequests.Detail, error["error_description"]!.GetValue<string>());
        Assert.Null(error["access_token"]);
    }

    private static async Task AssertPageAsync(HttpResponseMessage response)
    {
        AssertRetryAfter(response);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"<h1>{ErrorCatalog.TooManyRequests.Page.Title}</h1>", await response.Content.ReadAsStringAsync());
    }
}
