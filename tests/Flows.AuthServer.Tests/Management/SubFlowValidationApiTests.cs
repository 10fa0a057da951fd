using System.Net;
using Flows.AuthServer.Management;
using Flows.AuthServer.Tests.Hosting;
using Flows.Engine.Validation;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// Saving, validating and publishing a flow with Run sub-flow nodes over <c>/v1</c>: flows and versions that are not
/// published and cycles of sub-flows (a flow running itself, directly or through others, by default versions too)
/// are refused with 400 and the problem on the node.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class SubFlowValidationApiTests(ManagementServerFixture server)
{
    private readonly ManagementApi _api = new(server.CreateRawClient());

    [Fact]
    public async Task A_flow_that_runs_a_published_flow_is_saved_and_published()
    {
        var flows = await SubFlowApi.NewEnvironmentAsync(_api, "sub-ok");
        await flows.CreateAndPublishAsync(SubFlowApi.SharedMfa("mfa"));

        await flows.CreateAndPublishAsync(SubFlowApi.Runner("main", "mfa"));
        var pinned = await flows.SaveDraftAsync(SubFlowApi.Runner("main", "mfa", version: "1"));

        Assert.Equal(HttpStatusCode.OK, pinned.Status);
    }

    [Fact]
    public async Task Saving_a_node_that_runs_an_unknown_flow_or_version_is_400_on_the_node()
    {
        var flows = await SubFlowApi.NewEnvironmentAsync(_api, "sub-unknown");
        await flows.CreateAndPublishAsync(SubFlowApi.SharedMfa("mfa"));
        await flows.CreateAndPublishAsync(SubFlowApi.Runner("main", "mfa"));

        var unknownFlow = await flows.SaveDraftAsync(SubFlowApi.Runner("main", "nowhere"));
        var unknownVersion = await flows.SaveDraftAsync(SubFlowApi.Runner("main", "mfa", version: "7"));

        AssertRefused(unknownFlow, FlowValidationCodes.UnknownSubFlow, "'nowhere'");
        AssertRefused(unknownVersion, FlowValidationCodes.UnknownSubFlow, "version 7");
    }

    [Fact]
    public async Task A_flow_that_runs_itself_is_refused_on_save()
    {
        var flows = await SubFlowApi.NewEnvironmentAsync(_api, "sub-self");
        await flows.CreateAndPublishAsync(SubFlowApi.SharedMfa("mfa"));
        await flows.CreateAndPublishAsync(SubFlowApi.Runner("main", "mfa"));

        var self = await flows.SaveDraftAsync(SubFlowApi.Runner("main", "main"));

        AssertRefused(self, FlowValidationCodes.SubFlowCycle, "cannot run itself");
    }

    [Fact]
    public async Task A_cycle_through_another_flow_s_default_version_is_refused_on_save_and_validate()
    {
        var flows = await SubFlowApi.NewEnvironmentAsync(_api, "sub-cycle");
        await flows.CreateAndPublishAsync(SubFlowApi.SharedMfa("b"));
        await flows.CreateAndPublishAsync(SubFlowApi.Runner("a", "b"));

        var cycle = await flows.SaveDraftAsync(SubFlowApi.Runner("b", "a"));
        var validated = await FlowTestDefinitions.SendAsync(_api, HttpMethod.Post, $"{flows.Flows}/b/validate", flows.Token, SubFlowApi.Runner("b", "a"));

        AssertRefused(cycle, FlowValidationCodes.SubFlowCycle, "'b' → 'a' → 'b'");
        Assert.False(validated.Body["valid"]!.GetValue<bool>());
        Assert.Contains(validated.Body["problems"]!.AsArray(), p => p!["code"]!.GetValue<string>() == FlowValidationCodes.SubFlowCycle
            && p["nodeId"]!.GetValue<string>() == "sub");
    }

    [Fact]
    public async Task An_indirect_cycle_through_two_flows_is_refused_on_save()
    {
        var flows = await SubFlowApi.NewEnvironmentAsync(_api, "sub-indirect");
        await flows.CreateAndPublishAsync(SubFlowApi.SharedMfa("c"));
        await flows.CreateAndPublishAsync(SubFlowApi.Runner("b", "c", version: "1"));
        await flows.CreateAndPublishAsync(SubFlowApi.Runner("a", "b"));

        var cycle = await flows.SaveDraftAsync(SubFlowApi.Runner("c", "a"));

        AssertRefused(cycle, FlowValidationCodes.SubFlowCycle, "'c' → 'a' → 'b' → 'c'");
    }

    [Fact]
    public async Task A_named_end_the_node_does_not_list_is_refused_on_publish()
    {
        var flows = await SubFlowApi.NewEnvironmentAsync(_api, "sub-ends");
        await flows.CreateAndPublishAsync(SubFlowApi.SharedMfa("mfa", end: "skipped"));
        Assert.Equal(HttpStatusCode.Created, (await FlowTestDefinitions.SendAsync(_api, HttpMethod.Post, flows.Flows, flows.Token, SubFlowApi.Runner("main", "mfa"))).Status);

        var refused = await flows.PublishAsync("main");
        var listed = await flows.SaveDraftAsync(SubFlowApi.Runner("main", "mfa", ends: ["skipped"]));
        var published = await flows.PublishAsync("main");

        AssertRefused(refused, FlowValidationCodes.SubFlowEndNotListed, "'skipped'");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Created), (listed.Status, published.Status));
    }

    private static void AssertRefused(ManagementResponse response, string code, string mentions)
    {
        Assert.Equal((HttpStatusCode.BadRequest, ManagementProblems.InvalidData), (response.Status, response.Code));
        Assert.Equal(["nodes.sub"], response.ErrorFields);
        var problem = Assert.Single(response.Body["problems"]!.AsArray(), p => p!["code"]!.GetValue<string>() == code);
        Assert.Equal("sub", problem!["nodeId"]!.GetValue<string>());
        Assert.Contains(mentions, problem["message"]!.GetValue<string>());
    }
}
