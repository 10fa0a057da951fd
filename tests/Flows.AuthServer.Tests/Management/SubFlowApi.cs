using System.Net;
using System.Text.Json;
using Flows.Engine.Definitions;

namespace Flows.AuthServer.Tests.Management;

/// <summary>Flows that run one another, made and published through the management API, for the sub-flow tests.</summary>
internal sealed class SubFlowApi(ManagementApi api, string token, string environment)
{
    public string Flows => $"/v1/environments/{environment}/flows";

    public static async Task<SubFlowApi> NewEnvironmentAsync(ManagementApi api, string prefix)
    {
        var token = await api.TokenAsync();
        var environment = $"{prefix}-{Guid.NewGuid():N}"[..20];
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/v1/environments", token, new { id = environment, name = prefix })).Status);
        return new SubFlowApi(api, token, environment);
    }

    public string Environment => environment;

    public string Token => token;

    public async Task CreateAndPublishAsync(FlowDefinition flow)
    {
        Assert.Equal(HttpStatusCode.Created, (await FlowTestDefinitions.SendAsync(api, HttpMethod.Post, Flows, token, flow)).Status);
        var published = await PublishAsync(flow.Id);
        Assert.True(published.Status == HttpStatusCode.Created, published.Body.ToJsonString());
    }

    public Task<ManagementResponse> PublishAsync(string flowId) => api.PostAsync($"{Flows}/{flowId}/publish", token, new { note = "sub-flows" });

    /// <summary>Saves <paramref name="flow"/> as the draft of its (existing) flow.</summary>
    public async Task<ManagementResponse> SaveDraftAsync(FlowDefinition flow)
    {
        var read = await api.GetAsync($"{Flows}/{flow.Id}/draft", token);
        return await FlowTestDefinitions.SendAsync(api, HttpMethod.Put, $"{Flows}/{flow.Id}/draft", token, flow, ifMatch: read.ETag);
    }

    /// <summary>start: a Run sub-flow node <c>sub</c> of <paramref name="target"/> → sign in (success) or deny (denied).</summary>
    public static FlowDefinition Runner(string id, string target, string version = "default", string[]? ends = null)
    {
        var sub = Node("sub", "RunSubFlow", ("flow", target), ("version", version));
        var edges = new List<FlowEdge> { new("sub", "success", "signIn"), new("sub", "denied", "deny") };
        if (ends is not null)
        {
            sub.Properties["ends"] = JsonSerializer.SerializeToElement(ends);
            edges.AddRange(ends.Select(end => new FlowEdge("sub", end, "signIn")));
        }

        return new FlowDefinition
        {
            Id = id, Name = id, Start = "sub",
            Nodes = [sub, Node("signIn", "SignIn"), Node("deny", "Deny", ("message", "Not for you."))],
            Edges = edges,
        };
    }

    /// <summary>otp → success: an End sub-flow with <paramref name="end"/>; too many attempts or no device: deny.</summary>
    public static FlowDefinition SharedMfa(string id, string end = "success") => new()
    {
        Id = id, Name = "Shared MFA", Start = "otp",
        Nodes = [Node("otp", "AskForOtp"), Node("end", "EndSubFlow", ("outcome", end)), Node("deny", "Deny", ("message", "No second factor."))],
        Edges = [new("otp", "success", "end"), new("otp", "tooManyAttempts", "deny"), new("otp", "noDevice", "deny")],
    };

    public static FlowNode Node(string id, string type, params (string Name, string Value)[] properties) => new()
    {
        Id = id,
        Type = type,
        Position = new NodePosition(0, 0),
        Properties = properties.ToDictionary(p => p.Name, p => JsonSerializer.SerializeToElement(p.Value)),
    };
}
