using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.Testing;
using Flows.Engine.Runtime;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Operations;

/// <summary>
/// Traces over real HTTP, seen by an activity listener as an exporter would: each flow step is a span of its own
/// in the trace of the request that ran it, and problem details name that trace.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class TracingTests(ServerFixture server) : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener = new();

    private readonly string _clientTraceId = ActivityTraceId.CreateRandom().ToHexString();

    [Fact]
    public async Task A_flow_step_is_a_span_in_the_trace_of_the_aspnetcore_request_that_ran_it()
    {
        Listen();
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));
        var flowId = flowUrl[(flowUrl.LastIndexOf('/') + 1)..];

        using var request = new HttpRequestMessage(HttpMethod.Post, flowUrl) { Content = Browser.ActionContent(FlowAnswers.UsernamePassword(Bob, BobPassword)) };
        request.Headers.Add("traceparent", $"00-{_clientTraceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var steps = _stopped.Where(span => span.Source.Name == FlowsTelemetry.Name && span.TraceId.ToHexString() == _clientTraceId).ToList();
        var step = Assert.Single(steps, span => (string?)span.GetTagItem(FlowsTelemetry.ActivityTag) == nameof(AskForUsernamePassword));
        Assert.Equal(FlowsTelemetry.StepSpan, step.OperationName);
        Assert.Equal(flowId, step.GetTagItem(FlowsTelemetry.InstanceTag));
        Assert.Equal("outcome", step.GetTagItem(FlowsTelemetry.ResultTag));
        var http = Assert.Single(_stopped, span => span.Source.Name == "Microsoft.AspNetCore" && span.TraceId.ToHexString() == _clientTraceId);
        Assert.Equal(http.SpanId, step.ParentSpanId);
    }

    [Fact]
    public async Task A_problem_of_the_flow_api_carries_the_trace_id_of_its_request()
    {
        Listen();
        using var browser = new Browser(server.BaseAddress);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/{Id}/flows/no-such-flow");
        request.Headers.Add("traceparent", $"00-{_clientTraceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var response = await browser.SendAsync(request);
        var problem = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.True((int)response.StatusCode is >= 400 and < 500);
        Assert.Contains(_clientTraceId, problem["traceId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_problem_of_the_management_api_carries_a_trace_id()
    {
        using var http = server.CreateRawClient();

        using var response = await http.GetAsync("/v1/environments");
        var problem = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(problem["traceId"]?.GetValue<string>()));
    }

    public void Dispose() => _listener.Dispose();

    private void Listen()
    {
        _listener.ShouldListenTo = source => source.Name is FlowsTelemetry.Name or "Microsoft.AspNetCore";
        _listener.Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded;
        _listener.ActivityStopped = _stopped.Enqueue;
        ActivitySource.AddActivityListener(_listener);
    }
}
