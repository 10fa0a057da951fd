using System.Net;
using Flows.Activities;
using Flows.AuthServer.Management;
using Flows.AuthServer.Tests.Hosting;
using Flows.Testing;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Management;

/// <summary>POST /v1/environments/{env}/flowInstances/{id}/cancel: an operator ends a waiting sign-in.</summary>
[Collection(ManagementCollection.Name)]
public sealed class FlowInstanceCancelTests(ManagementServerFixture server)
{
    private const string Instances = $"/v1/environments/{Id}/flowInstances";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task A_cancelled_sign_in_is_cancelled_for_the_operator_and_failed_for_the_user()
    {
        using var browser = new Browser(server.BaseAddress);
        var (flowId, flowUrl) = await SuspendAtOtpAsync(browser);

        var cancelled = await Api.PostAsync($"{Instances}/{flowId}/cancel", await Api.TokenAsync(), new { });

        Assert.Equal(HttpStatusCode.OK, cancelled.Status);
        Assert.Equal(("CANCELLED", FlowStatuses.Failed), (cancelled.Text("status"), cancelled.Text("flowStatus")));
        Assert.Null(cancelled.Body["currentStep"]!["prompt"]);
        Assert.False(string.IsNullOrEmpty(cancelled.ETag));
        var (seenStatus, seen) = await browser.GetFlowAsync(flowUrl);
        Assert.Equal((HttpStatusCode.OK, FlowStatuses.Failed), (seenStatus, seen["status"]!.GetValue<string>()));
        Assert.Equal("FLOW_CANCELLED", seen["error"]!["code"]!.GetValue<string>());
        Assert.Equal("FLOW_CANCELLED", cancelled.Body["error"]!["code"]!.GetValue<string>());
        Assert.False(seen["_links"]!.AsObject().ContainsKey(FlowActions.OtpCheck));
        var (actedStatus, _) = await browser.ActAsync(flowUrl, FlowAnswers.Otp("123456"));
        Assert.Equal(HttpStatusCode.BadRequest, actedStatus);
        var listed = await Api.GetAsync($"{Instances}?status=CANCELLED&pageSize=500", await Api.TokenAsync());
        Assert.Contains(flowId, listed.Body["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_cancellation_is_written_to_the_audit_log()
    {
        using var browser = new Browser(server.BaseAddress);
        var (flowId, _) = await SuspendAtOtpAsync(browser);
        var token = await Api.TokenAsync();

        await Api.PostAsync($"{Instances}/{flowId}/cancel", token, new { });

        var log = await Api.GetAsync($"/v1/environments/{Id}/auditEntries?pageSize=500", token);
        Assert.Contains(log.Body["items"]!.AsArray(), entry => entry!["action"]!.GetValue<string>() == "flowInstance.cancelled"
            && entry["path"]!.GetValue<string>().Contains(flowId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancelling_an_ended_instance_is_409()
    {
        using var browser = new Browser(server.BaseAddress);
        var (flowId, _) = await SuspendAtOtpAsync(browser);
        var token = await Api.TokenAsync();
        await Api.PostAsync($"{Instances}/{flowId}/cancel", token, new { });

        var again = await Api.PostAsync($"{Instances}/{flowId}/cancel", token, new { });

        Assert.Equal((HttpStatusCode.Conflict, ManagementProblems.Conflict), (again.Status, again.Code));
    }

    [Fact]
    public async Task Cancelling_with_the_current_etag_succeeds_and_with_an_old_one_is_412()
    {
        using var browser = new Browser(server.BaseAddress);
        var (flowId, flowUrl) = await SuspendAtOtpAsync(browser);
        var token = await Api.TokenAsync();
        var before = await Api.GetAsync($"{Instances}/{flowId}", token);
        await browser.ActAsync(flowUrl, FlowAnswers.Otp("000000")); // a failed attempt changes the instance

        var stale = await Api.SendAsync(HttpMethod.Post, $"{Instances}/{flowId}/cancel", token, "{}", ifMatch: before.ETag);
        var current = await Api.GetAsync($"{Instances}/{flowId}", token);
        var fresh = await Api.SendAsync(HttpMethod.Post, $"{Instances}/{flowId}/cancel", token, "{}", ifMatch: current.ETag);

        Assert.NotEqual(before.ETag, current.ETag);
        Assert.Equal((HttpStatusCode.PreconditionFailed, ManagementProblems.PreconditionFailed), (stale.Status, stale.Code));
        Assert.Equal("SUSPENDED", current.Text("status"));
        Assert.Equal((HttpStatusCode.OK, "CANCELLED"), (fresh.Status, fresh.Text("status")));
    }

    [Fact]
    public async Task Cancelling_an_unknown_instance_or_one_of_another_environment_is_404()
    {
        using var browser = new Browser(server.BaseAddress);
        var otherFlowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New(), environment: Other), Other);
        var token = await Api.TokenAsync();

        var unknown = await Api.PostAsync($"{Instances}/{new string('0', 32)}/cancel", token, new { });
        var elsewhere = await Api.PostAsync($"{Instances}/{otherFlowUrl.Split('/')[^1]}/cancel", token, new { });

        Assert.All([unknown, elsewhere], response =>
            Assert.Equal((HttpStatusCode.NotFound, ManagementProblems.NotFound), (response.Status, response.Code)));
        var (status, flow) = await browser.GetFlowAsync(otherFlowUrl);
        Assert.Equal((HttpStatusCode.OK, FlowStatuses.UsernamePasswordRequired), (status, flow["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Cancelling_needs_a_token_with_the_write_scope()
    {
        using var browser = new Browser(server.BaseAddress);
        var (flowId, _) = await SuspendAtOtpAsync(browser);

        var anonymous = await Api.PostAsync($"{Instances}/{flowId}/cancel", token: null, new { });
        var readOnly = await Api.PostAsync($"{Instances}/{flowId}/cancel", await Api.TokenAsync("flows.read"), new { });

        Assert.Equal((HttpStatusCode.Unauthorized, ManagementProblems.Unauthorized), (anonymous.Status, anonymous.Code));
        Assert.Equal((HttpStatusCode.Forbidden, ManagementProblems.InsufficientScope), (readOnly.Status, readOnly.Code));
        var still = await Api.GetAsync($"{Instances}/{flowId}", await Api.TokenAsync());
        Assert.Equal("SUSPENDED", still.Text("status"));
    }

    /// <summary>Alice signs in to the SPA (password, then OTP) and stops at the OTP step; returns the flow's id and URL.</summary>
    private async Task<(string Id, string Url)> SuspendAtOtpAsync(Browser browser)
    {
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(SpaClientId, SpaRedirect, Pkce.New()));
        var (_, flow) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(Alice, AlicePassword));
        Assert.Equal(FlowStatuses.OtpRequired, flow["status"]!.GetValue<string>());
        return (flow["id"]!.GetValue<string>(), flowUrl);
    }
}
