using System.Net;
using Flows.AuthServer.Tests.Hosting;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// A completed flow's resume URL answers its authorization request once, and only for the live, signed-in
/// session that owns the flow.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class FlowResumeTests(ServerFixture server)
{
    [Fact]
    public async Task A_completed_flow_answers_its_authorization_request_once()
    {
        using var browser = new Browser(server.BaseAddress);
        var completed = await CompletedFlowAsync(browser);

        var first = await SignIn.ResumeAsync(browser, completed);
        using var second = await browser.GetAsync(completed["resumeUrl"]!.GetValue<string>());

        Assert.True(SignIn.Parameters(first).ContainsKey("code"));
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Null(second.Headers.Location);
    }

    [Fact]
    public async Task Of_concurrent_resumes_of_a_completed_flow_exactly_one_gets_a_code()
    {
        using var browser = new Browser(server.BaseAddress);
        var resumeUrl = (await CompletedFlowAsync(browser))["resumeUrl"]!.GetValue<string>();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => browser.GetAsync(resumeUrl)));

        var codes = responses.Count(r => r.Headers.Location is { } location && SignIn.Parameters(location).ContainsKey("code"));
        Assert.Equal(1, codes);
        Assert.All(responses.Where(r => r.Headers.Location is null), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_completed_flow_cannot_be_resumed_once_its_session_signed_off()
    {
        using var browser = new Browser(server.BaseAddress);
        var completed = await CompletedFlowAsync(browser);
        var token = browser.SessionToken()!;

        using var signoff = await SignOff.ConfirmAsync(browser, Id);
        browser.UseSessionToken(token);
        using var resumed = await browser.GetAsync(completed["resumeUrl"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, signoff.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, resumed.StatusCode);
        Assert.Null(resumed.Headers.Location);
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> CompletedFlowAsync(Browser browser)
    {
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));
        return await SignIn.CompleteAsync(browser, flowUrl, Bob, BobPassword);
    }
}
