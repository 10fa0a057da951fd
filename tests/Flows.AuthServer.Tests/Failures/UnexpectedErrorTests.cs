using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.Testing;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Failures;

/// <summary>
/// An exception the server did not expect, from a step or from a service, over real HTTP: a logged 500 with a
/// trace id, in the shape of the surface, and never the exception's text.
/// </summary>
public sealed partial class UnexpectedErrorTests(FaultyServerFixture server) : IClassFixture<FaultyServerFixture>
{
    [Fact]
    public async Task A_step_that_throws_answers_the_flow_api_with_a_500_problem_carrying_a_trace_id_only()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));

        var (status, problem) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(Bob, FaultyServerFixture.ExplodingPassword));

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("UNEXPECTED_ERROR", problem["code"]!.GetValue<string>());
        AssertTraced(problem);
    }

    [Fact]
    public async Task A_step_that_throws_shows_the_page_with_its_status_title_and_reference_only()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));
        var flowId = flowUrl[(flowUrl.LastIndexOf('/') + 1)..];
        using var page = await browser.GetAsync($"/{Id}/signon?flowId={flowId}");
        var antiforgery = AntiforgeryField().Match(await page.Content.ReadAsStringAsync()).Groups["value"].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [UsernamePasswordFields.Username] = Bob,
            [UsernamePasswordFields.Password] = FaultyServerFixture.ExplodingPassword,
            ["__RequestVerificationToken"] = antiforgery,
        });

        using var posted = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/{Id}/signon?flowId={flowId}&handler=UsernamePassword") { Content = form });
        var html = await posted.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, posted.StatusCode);
        Assert.Contains("Something went wrong on our side", html);
        AssertReferenced(html);
    }

    [Fact]
    public async Task A_service_that_throws_answers_the_flow_api_with_the_unexpected_error_problem()
    {
        using var browser = new Browser(server.BaseAddress);

        var (status, problem) = await browser.GetFlowAsync($"/{Id}/flows/{FaultyServerFixture.ExplodingFlowId}{Guid.NewGuid():N}");

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal(("UNEXPECTED_ERROR", "Unexpected error"), (problem["code"]!.GetValue<string>(), problem["title"]!.GetValue<string>()));
        AssertTraced(problem);
    }

    [Fact]
    public async Task A_service_that_throws_shows_the_unexpected_error_page()
    {
        using var browser = new Browser(server.BaseAddress);

        using var page = await browser.GetAsync($"/{Id}/signon?flowId={FaultyServerFixture.ExplodingFlowId}{Guid.NewGuid():N}");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.StartsWith("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Something went wrong on our side", html);
        AssertReferenced(html);
    }

    /// <summary>The problem names the trace id the error was logged under, and shows nothing of the exception.</summary>
    private void AssertTraced(JsonObject problem)
    {
        var traceId = problem["traceId"]!.GetValue<string>();
        Assert.DoesNotContain(FaultyServerFixture.Secret, problem.ToJsonString());
        Assert.DoesNotContain("InvalidOperationException", problem.ToJsonString());
        Assert.Single(server.Logs.Messages, message => message.Contains(traceId, StringComparison.Ordinal));
    }

    private void AssertReferenced(string html)
    {
        var traceId = WebUtility.HtmlDecode(Reference().Match(html).Groups["id"].Value);
        Assert.NotEmpty(traceId);
        Assert.DoesNotContain(FaultyServerFixture.Secret, html);
        Assert.DoesNotContain("InvalidOperationException", html);
        Assert.Single(server.Logs.Messages, message => message.Contains(traceId, StringComparison.Ordinal));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("Reference: <code>(?<id>[^<]+)</code>")]
    private static partial Regex Reference();
}
