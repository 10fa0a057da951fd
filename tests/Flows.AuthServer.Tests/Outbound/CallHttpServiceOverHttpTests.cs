using System.Net;
using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Support;
using Flows.Testing;

namespace Flows.AuthServer.Tests.Outbound;

/// <summary>
/// A flow calls a real service on 127.0.0.1 over HTTP: a signed request the service verifies, each kind of answer
/// (allow, deny, a 500, a hang, garbage, too large) on its own edge, and the allow-list refusing what it does not name —
/// a host not listed, loopback not listed, a name resolving to loopback — before anything reaches the service.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class CallHttpServiceOverHttpTests(ManagementServerFixture server) : IAsyncLifetime
{
    private static readonly string[] Outcomes = ["allow", "deny", "error", "timeout"];
    private readonly HttpClient _http = server.CreateRawClient();
    private LocalService _service = null!;

    private ManagementApi Api => new(_http);

    public async Task InitializeAsync() => _service = await LocalService.StartAsync();

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task An_allowing_answer_signs_the_user_in_after_a_request_the_service_verifies()
    {
        var environment = await CreateAsync(_service.Url("/risk"));

        var flow = await SignInAsync(environment);

        Assert.Equal(FlowStatuses.Completed, flow["status"]!.GetValue<string>());
        var call = Assert.Single(_service.Calls);
        Assert.True(call.SignatureVerified, call.Signature);
        Assert.Equal("POST", call.Method);
        var body = JsonNode.Parse(call.Body)!;
        Assert.Equal(ManagedSignInEnvironment.Username, body["user"]!["username"]!.GetValue<string>());
        Assert.Equal(environment.Environment.Id, body["flow"]!["environment"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_kept_answer_fields_show_in_the_inspector()
    {
        var environment = await CreateAsync(_service.Url("/deny"));

        var flow = await SignInAsync(environment);

        var inspected = await Api.GetAsync($"/v1/environments/{environment.Environment.Id}/flowInstances/{flow["id"]!.GetValue<string>()}", environment.Environment.Token);
        Assert.Equal(OutboundEnvironment.DenialOf("deny"), flow["error"]!["code"]!.GetValue<string>());
        Assert.Equal("high", inspected.Body["context"]!["variables"]!["risk.level"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/fail", "error")]
    [InlineData("/garbage", "error")]
    [InlineData("/huge", "error")]
    [InlineData("/hang", "timeout")]
    public async Task A_failing_answer_follows_its_edge_and_never_a_500(string path, string outcome)
    {
        var environment = await CreateAsync(_service.Url(path));

        var flow = await SignInAsync(environment);

        Assert.Equal(FlowStatuses.Failed, flow["status"]!.GetValue<string>());
        Assert.Equal(OutboundEnvironment.DenialOf(outcome), flow["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_500_is_retried_as_often_as_the_node_says()
    {
        var environment = await CreateAsync(_service.Url("/fail"), retries: 2);

        await SignInAsync(environment);

        Assert.Equal(3, _service.Calls.Count);
    }

    [Fact]
    public async Task A_host_not_on_the_allow_list_is_refused_before_any_request()
    {
        var environment = await CreateAsync(_service.Url("/risk"), outbound: new { allowedHosts = new[] { "risk.example.com" }, allowedPrivateAddresses = new[] { "127.0.0.1" } });

        var flow = await SignInAsync(environment);

        Assert.Equal(OutboundEnvironment.DenialOf("error"), flow["error"]!["code"]!.GetValue<string>());
        Assert.Empty(_service.Calls);
    }

    [Fact]
    public async Task Loopback_is_refused_unless_listed_as_a_private_address()
    {
        var environment = await CreateAsync(_service.Url("/risk"), outbound: new { allowedHosts = new[] { "127.0.0.1" }, allowedPrivateAddresses = Array.Empty<string>() });

        var flow = await SignInAsync(environment);

        Assert.Equal(OutboundEnvironment.DenialOf("error"), flow["error"]!["code"]!.GetValue<string>());
        Assert.Empty(_service.Calls);
    }

    [Fact]
    public async Task A_listed_name_that_resolves_to_loopback_is_refused_when_connecting()
    {
        var environment = await CreateAsync($"https://localhost:{_service.Port}/risk",
            outbound: new { allowedHosts = new[] { "localhost" }, allowedPrivateAddresses = new[] { "10.0.0.0/8" } });

        var flow = await SignInAsync(environment);

        Assert.Equal(OutboundEnvironment.DenialOf("error"), flow["error"]!["code"]!.GetValue<string>());
        Assert.Empty(_service.Calls);
    }

    [Fact]
    public async Task The_outbound_settings_refuse_what_is_no_host_or_address_and_never_show_the_secret()
    {
        var environment = await CreateAsync(_service.Url("/risk"));
        var path = $"/v1/environments/{environment.Environment.Id}/outbound";

        var refused = await Api.PutAsync(path, environment.Environment.Token, new { allowedHosts = new[] { "http://x/" }, allowedPrivateAddresses = new[] { "not-an-ip" } });
        var read = await Api.GetAsync(path, environment.Environment.Token);
        var exported = await Api.GetAsync($"/v1/environments/{environment.Environment.Id}/export", environment.Environment.Token);

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.True(read.Body["hasSecret"]!.GetValue<bool>());
        Assert.DoesNotContain(environment.Secret, read.Body.ToJsonString());
        Assert.Equal("127.0.0.1", exported.Body["outbound"]!["allowedHosts"]![0]!.GetValue<string>());
        Assert.DoesNotContain(environment.Secret, exported.Body.ToJsonString());
    }

    private async Task<OutboundEnvironment> CreateAsync(string url, int retries = 0, object? outbound = null)
    {
        var node = new JsonObject
        {
            ["id"] = "risk",
            ["type"] = "CallHttpService",
            ["properties"] = new JsonObject
            {
                ["url"] = url,
                ["timeoutSeconds"] = 1,
                ["retries"] = retries,
                ["sendAttributes"] = new JsonArray("username"),
                ["keepFields"] = new JsonArray("level"),
                ["outcomes"] = new JsonArray("allow", "deny"),
            },
            ["position"] = new JsonObject { ["x"] = 0, ["y"] = 0 },
        };
        var environment = await OutboundEnvironment.CreateAsync(Api, "callout",
            outbound ?? new { allowedHosts = new[] { "127.0.0.1" }, allowedPrivateAddresses = new[] { "127.0.0.1" } }, node, Outcomes, "allow");
        _service.Secret = environment.Secret;
        return environment;
    }

    private async Task<JsonObject> SignInAsync(OutboundEnvironment environment)
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = environment.Environment.FlowUrlOf(await browser.GetAsync(environment.Environment.Authorize(environment.ClientId)));
        var (status, flow) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(ManagedSignInEnvironment.Username, ManagedSignInEnvironment.Password));
        Assert.True(status == HttpStatusCode.OK, flow.ToJsonString());
        return flow;
    }
}
