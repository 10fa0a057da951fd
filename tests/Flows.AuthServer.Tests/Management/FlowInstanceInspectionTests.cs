using System.Net;
using Flows.Activities;
using Flows.AuthServer.Management;
using Flows.AuthServer.Tests.Hosting;
using Flows.Testing;
using OtpNet;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Management;

/// <summary>GET /v1/environments/{env}/flowInstances/{id}: one sign-in as an operator inspects it, without its secrets.</summary>
[Collection(ManagementCollection.Name)]
public sealed class FlowInstanceInspectionTests(ManagementServerFixture server)
{
    private const string Instances = $"/v1/environments/{Id}/flowInstances";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task A_sign_in_waiting_for_its_otp_shows_its_step_prompt_journal_and_context()
    {
        using var browser = new Browser(server.BaseAddress);
        var (flowId, _) = await SuspendAtOtpAsync(browser);

        var response = await Api.GetAsync($"{Instances}/{flowId}", await Api.TokenAsync("flows.read"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.False(string.IsNullOrEmpty(response.ETag));
        var body = response.Body;
        Assert.Equal((flowId, "SUSPENDED", FlowStatuses.OtpRequired), (response.Text("id"), response.Text("status"), response.Text("flowStatus")));
        Assert.Equal(("password-then-otp", 1, SpaClientId), (response.Text("definitionId"), body["definitionVersion"]!.GetValue<int>(), response.Text("applicationId")));
        Assert.False(string.IsNullOrEmpty(response.Text("userId")));
        Assert.True(body["expiresAt"]!.GetValue<DateTimeOffset>() > body["updatedAt"]!.GetValue<DateTimeOffset>());

        var step = body["currentStep"]!;
        Assert.Equal("AskForOtp", step["activityType"]!.GetValue<string>());
        Assert.Equal(FlowStatuses.OtpRequired, step["prompt"]!["status"]!.GetValue<string>());
        Assert.Contains(FlowActions.OtpCheck, step["prompt"]!["actions"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Null(body["error"]);

        var journal = body["journal"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Equal(Enumerable.Range(1, journal.Count), journal.Select(e => e["sequence"]!.GetValue<int>()));
        Assert.Equal("AskForUsernamePassword", journal[0]["activityType"]!.GetValue<string>());
        Assert.Equal("SUSPENDED", journal[0]["result"]!.GetValue<string>());
        Assert.Contains(journal, e => e["action"]?.GetValue<string>() == FlowActions.UsernamePasswordCheck && e["result"]!.GetValue<string>() == "OUTCOME"
            && e["outcome"] is not null);
        Assert.Equal(step["nodeId"]!.GetValue<string>(), journal[^1]["nodeId"]!.GetValue<string>());
        Assert.All(journal, e => Assert.True(e["durationMs"]!.GetValue<double>() >= 0));
        Assert.All(journal, e => Assert.NotEqual(default, e["startedAt"]!.GetValue<DateTimeOffset>()));

        var context = body["context"]!;
        Assert.Equal(Alice, context["username"]!.GetValue<string>());
        Assert.Contains("pwd", context["amr"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    [Fact]
    public async Task Nothing_a_user_typed_as_a_secret_appears_in_the_answer()
    {
        using var browser = new Browser(server.BaseAddress);
        var (flowId, flowUrl) = await SuspendAtOtpAsync(browser);
        var wrongOtp = WrongOtp();
        var (_, refused) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(wrongOtp));
        Assert.Equal(FlowStatuses.OtpRequired, refused["status"]!.GetValue<string>());

        var inspected = await Api.GetAsync($"{Instances}/{flowId}", await Api.TokenAsync());

        Assert.Equal(HttpStatusCode.OK, inspected.Status);
        Assert.NotNull(inspected.Body["currentStep"]!["prompt"]!["error"]!["code"]);
        var text = inspected.Body.ToJsonString();
        Assert.DoesNotContain(AlicePassword, text, StringComparison.Ordinal);
        Assert.DoesNotContain($"\"{wrongOtp}\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(AliceTotpSecret, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("sessionToken", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("code_challenge", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(SpaRedirect, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_instance_of_another_environment_or_none_at_all_is_404()
    {
        using var browser = new Browser(server.BaseAddress);
        var otherFlowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New(), environment: Other), Other);
        var otherFlowId = otherFlowUrl.Split('/')[^1];
        var token = await Api.TokenAsync();

        var elsewhere = await Api.GetAsync($"{Instances}/{otherFlowId}", token);
        var unknown = await Api.GetAsync($"{Instances}/{new string('0', 32)}", token);
        var unknownEnvironment = await Api.GetAsync($"/v1/environments/no-such-env/flowInstances/{otherFlowId}", token);
        var atHome = await Api.GetAsync($"/v1/environments/{Other}/flowInstances/{otherFlowId}", token);

        Assert.All([elsewhere, unknown, unknownEnvironment], response =>
            Assert.Equal((HttpStatusCode.NotFound, ManagementProblems.NotFound), (response.Status, response.Code)));
        Assert.Equal(HttpStatusCode.OK, atHome.Status);
    }

    [Fact]
    public async Task Inspecting_without_a_token_is_401()
    {
        using var browser = new Browser(server.BaseAddress);
        var (flowId, _) = await SuspendAtOtpAsync(browser);

        var response = await Api.GetAsync($"{Instances}/{flowId}", token: null);

        Assert.Equal((HttpStatusCode.Unauthorized, ManagementProblems.Unauthorized), (response.Status, response.Code));
    }

    /// <summary>Alice signs in to the SPA (password, then OTP) and stops at the OTP step; returns the flow's id and URL.</summary>
    private async Task<(string Id, string Url)> SuspendAtOtpAsync(Browser browser)
    {
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(SpaClientId, SpaRedirect, Pkce.New()));
        var (_, flow) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(Alice, AlicePassword));
        Assert.Equal(FlowStatuses.OtpRequired, flow["status"]!.GetValue<string>());
        return (flow["id"]!.GetValue<string>(), flowUrl);
    }

    private static string WrongOtp()
    {
        var right = new Totp(Base32Encoding.ToBytes(AliceTotpSecret)).ComputeTotp();
        return right == "918273" ? "918274" : "918273";
    }
}
