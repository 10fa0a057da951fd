using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Support;
using Flows.Engine.Activities;
using Flows.Testing;

namespace Flows.AuthServer.Tests.Outbound;

/// <summary>
/// A flow sends the user to an outside application and waits; the application answers at the flow's continue URL
/// with a token signed by the environment's secret. The round trip signs the user in; a replay, an expired or forged
/// answer, another flow's answer and another browser are refused with a 4xx and the flow stays as it was.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class RedirectToApplicationOverHttpTests(ManagementServerFixture server)
{
    private const string ApplicationUrl = "https://kyc.example.com/start";
    private static readonly string[] Outcomes = ["verified", "rejected", "error"];
    private readonly HttpClient _http = server.CreateRawClient();

    private ManagementApi Api => new(_http);

    [Fact]
    public async Task The_flow_waits_with_a_redirect_to_the_application_and_a_signed_continue_token()
    {
        var environment = await CreateAsync();
        using var browser = new Browser(server.BaseAddress);

        var (flowUrl, flow, continued) = await WaitAsync(environment, browser);

        Assert.Equal(FlowStatuses.ExternalActionRequired, flow["status"]!.GetValue<string>());
        Assert.StartsWith(ApplicationUrl + "?continue=", flow["_links"]!["redirect"]!["href"]!.GetValue<string>());
        Assert.EndsWith($"{flowUrl}/continue", flow["_links"]!["continue"]!["href"]!.GetValue<string>());
        Assert.Equal(flow["id"]!.GetValue<string>(), continued["flow"]!.GetValue<string>());
        Assert.Equal(flow["_links"]!["continue"]!["href"]!.GetValue<string>(), continued["continue_uri"]!.GetValue<string>());
        Assert.Equal(ManagedSignInEnvironment.Username, continued["data"]!["user"]!["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_signed_answer_continues_the_flow_to_the_sign_in()
    {
        var environment = await CreateAsync();
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _, continued) = await WaitAsync(environment, browser);

        var (status, flow) = await PostAsync(browser, flowUrl, AnswerTokens.Sign(environment.Secret,
            AnswerTokens.Answer(continued, "verified", new JsonObject { ["level"] = "substantial" })));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(FlowStatuses.Completed, flow["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_browser_redirected_with_the_answer_lands_on_the_sign_on_page()
    {
        var environment = await CreateAsync();
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _, continued) = await WaitAsync(environment, browser);
        var token = AnswerTokens.Sign(environment.Secret, AnswerTokens.Answer(continued, "rejected"));

        using var response = await browser.GetAsync($"{flowUrl}/continue?token={Uri.EscapeDataString(token)}");
        var (_, flow) = await browser.GetFlowAsync(flowUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/signon?flowId=", response.Headers.Location!.ToString());
        Assert.Equal(OutboundEnvironment.DenialOf("rejected"), flow["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_hosted_page_links_to_the_application_and_shows_the_sign_in_once_it_answered()
    {
        var environment = await CreateAsync();
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, flow, continued) = await WaitAsync(environment, browser);
        var signOn = flowUrl.Replace("/flows/", "/signon?flowId=", StringComparison.Ordinal);

        using var waiting = await browser.GetAsync(signOn);
        var waitingHtml = await waiting.Content.ReadAsStringAsync();
        using var answered = await browser.GetAsync(
            $"{flowUrl}/continue?token={Uri.EscapeDataString(AnswerTokens.Sign(environment.Secret, AnswerTokens.Answer(continued, "verified")))}");
        using var done = await browser.GetAsync(answered.Headers.Location!.ToString());

        Assert.Equal(HttpStatusCode.OK, waiting.StatusCode);
        Assert.Contains($"href=\"{flow["_links"]!["redirect"]!["href"]!.GetValue<string>()}\"", waitingHtml);
        Assert.Contains("You're signed in", await done.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_replayed_answer_is_refused()
    {
        var environment = await CreateAsync();
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _, continued) = await WaitAsync(environment, browser);
        var token = AnswerTokens.Sign(environment.Secret, AnswerTokens.Answer(continued, "verified"));
        await PostAsync(browser, flowUrl, token);

        var (status, problem) = await PostAsync(browser, flowUrl, token);

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("CONTINUE_TOKEN_USED", problem["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_expired_answer_is_refused_and_the_flow_keeps_waiting()
    {
        var environment = await CreateAsync();
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _, continued) = await WaitAsync(environment, browser);

        var (status, problem) = await PostAsync(browser, flowUrl,
            AnswerTokens.Sign(environment.Secret, AnswerTokens.Answer(continued, "verified", lifetime: TimeSpan.FromMinutes(-5))));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("CONTINUE_TOKEN_EXPIRED", problem["code"]!.GetValue<string>());
        await AssertStillWaitingAsync(browser, flowUrl);
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("continue-token-echoed")]
    [InlineData("garbage")]
    public async Task A_forged_or_malformed_answer_is_refused_and_the_flow_keeps_waiting(string kind)
    {
        var environment = await CreateAsync();
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, flow, continued) = await WaitAsync(environment, browser);
        var token = kind switch
        {
            "forged" => AnswerTokens.Sign("not-the-environment-secret", AnswerTokens.Answer(continued, "verified")),
            // The continue token the browser carried, signed by the server itself, is no answer.
            "continue-token-echoed" => ContinueTokenOf(flow),
            _ => "a.b.c",
        };

        var (status, problem) = await PostAsync(browser, flowUrl, token);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("INVALID_CONTINUE_TOKEN", problem["code"]!.GetValue<string>());
        await AssertStillWaitingAsync(browser, flowUrl);
    }

    [Fact]
    public async Task The_answer_of_another_flow_is_refused()
    {
        var environment = await CreateAsync();
        using var browser = new Browser(server.BaseAddress);
        var (firstUrl, _, firstContinued) = await WaitAsync(environment, browser);
        var (secondUrl, _, _) = await WaitAsync(environment, browser);

        var (status, problem) = await PostAsync(browser, secondUrl, AnswerTokens.Sign(environment.Secret, AnswerTokens.Answer(firstContinued, "verified")));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("INVALID_CONTINUE_TOKEN", problem["code"]!.GetValue<string>());
        await AssertStillWaitingAsync(browser, secondUrl);
        await AssertStillWaitingAsync(browser, firstUrl);
    }

    [Fact]
    public async Task An_answer_from_another_browser_is_refused()
    {
        var environment = await CreateAsync();
        using var browser = new Browser(server.BaseAddress);
        using var other = new Browser(server.BaseAddress);
        var (flowUrl, _, continued) = await WaitAsync(environment, browser);

        var (status, problem) = await PostAsync(other, flowUrl, AnswerTokens.Sign(environment.Secret, AnswerTokens.Answer(continued, "verified")));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("INVALID_SESSION", problem["code"]!.GetValue<string>());
        await AssertStillWaitingAsync(browser, flowUrl);
    }

    [Fact]
    public async Task The_flow_api_does_not_take_an_answer_itself()
    {
        var environment = await CreateAsync();
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _, continued) = await WaitAsync(environment, browser);

        var (status, _) = await browser.ActAsync(flowUrl, FlowAction.Create(FlowActions.ExternalContinue,
            new JsonObject { ["nonce"] = continued["nonce"]!.GetValue<string>(), ["outcome"] = "verified" }));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        await AssertStillWaitingAsync(browser, flowUrl);
    }

    private async Task<OutboundEnvironment> CreateAsync()
    {
        var node = new JsonObject
        {
            ["id"] = "kyc",
            ["type"] = "RedirectToApplication",
            ["properties"] = new JsonObject
            {
                ["url"] = ApplicationUrl,
                ["sendAttributes"] = new JsonArray("username"),
                ["keepFields"] = new JsonArray("level"),
                ["outcomes"] = new JsonArray("verified", "rejected"),
            },
            ["position"] = new JsonObject { ["x"] = 0, ["y"] = 0 },
        };
        return await OutboundEnvironment.CreateAsync(Api, "redirect",
            new { allowedHosts = Array.Empty<string>(), allowedPrivateAddresses = Array.Empty<string>() }, node, Outcomes, "verified");
    }

    private static async Task<(string FlowUrl, JsonObject Flow, JsonObject Continued)> WaitAsync(OutboundEnvironment environment, Browser browser)
    {
        var flowUrl = environment.Environment.FlowUrlOf(await browser.GetAsync(environment.Environment.Authorize(environment.ClientId)));
        var (status, flow) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(ManagedSignInEnvironment.Username, ManagedSignInEnvironment.Password));
        Assert.True(status == HttpStatusCode.OK, flow.ToJsonString());
        var continued = AnswerTokens.Read(environment.Secret, ContinueTokenOf(flow));
        Assert.NotNull(continued);
        return (flowUrl, flow, continued);
    }

    private static string ContinueTokenOf(JsonObject flow)
    {
        var redirect = new Uri(flow["_links"]!["redirect"]!["href"]!.GetValue<string>());
        return Uri.UnescapeDataString(redirect.Query.Split("continue=")[1]);
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(Browser browser, string flowUrl, string token)
    {
        using var response = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{flowUrl}/continue")
        {
            Content = JsonContent.Create(new { token }),
        });
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    private static async Task AssertStillWaitingAsync(Browser browser, string flowUrl)
    {
        var (status, flow) = await browser.GetFlowAsync(flowUrl);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(FlowStatuses.ExternalActionRequired, flow["status"]!.GetValue<string>());
        Assert.False(flow.ContainsKey("error"));
    }
}
