using System.Text.Json;
using Bunit;
using Flows.Designer.Components;
using Flows.Designer.Editing;
using Flows.Designer.Tests.Support;
using Flows.Engine.Definitions;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Flows.Designer.Tests;

public sealed class FlowDiffTests : DesignerTestContext
{
    private static FlowDefinition Copy(FlowDefinition definition) => FlowDefinitionSerializer.Deserialize(FlowDefinitionSerializer.Serialize(definition));

    [Fact]
    public void The_diff_lists_nodes_added_removed_and_changed_and_edges_added_and_removed_but_not_moves()
    {
        var before = ShippedFlow("password-then-otp");
        var after = Copy(before);
        var otp = after.FindNode("otp")!;
        otp.Properties["maxAttempts"] = JsonSerializer.SerializeToElement(3);
        otp.Position = new NodePosition(999, 999);
        var removed = after.Nodes.First(n => n.Id != "otp" && n.Id != after.Start && after.Edges.All(e => e.From != n.Id));
        after.Nodes.Remove(removed);
        var droppedEdges = after.Edges.Where(e => e.To == removed.Id).ToList();
        after.Edges.RemoveAll(e => e.To == removed.Id);
        after.Nodes.Add(new FlowNode { Id = "deny2", Type = "Deny" });
        after.Edges.Add(new FlowEdge("otp", "failed", "deny2"));

        var diff = FlowDiff.Between(before, after);

        Assert.Contains(diff.Changes, c => c is { Kind: FlowChangeKind.Added, Subject: "deny2", Detail: "Deny" });
        Assert.Contains(diff.Changes, c => c.Kind == FlowChangeKind.Removed && c.Subject == removed.Id && c.Detail == removed.Type);
        var changed = Assert.Single(diff.Changes, c => c.Kind == FlowChangeKind.Changed);
        Assert.Equal("otp", changed.Subject);
        Assert.Contains("maxAttempts", changed.Detail);
        Assert.Contains("maxAttempts: 5 → 3", changed.Detail);
        Assert.Contains(diff.Changes, c => c is { Kind: FlowChangeKind.Added, Subject: "edge", Detail: "otp —failed→ deny2" });
        Assert.All(droppedEdges, e => Assert.Contains(diff.Changes, c => c.Kind == FlowChangeKind.Removed && c.Detail == $"{e.From} —{e.Outcome}→ {e.To}"));
    }

    [Fact]
    public void Identical_definitions_have_no_differences()
    {
        var flow = ShippedFlow("password-then-otp");
        Assert.True(FlowDiff.Between(flow, Copy(flow)).IsEmpty);
    }

    private IRenderedComponent<IComponent> RenderVersions(string flowId) => Render(builder =>
    {
        builder.OpenComponent<MudDialogProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<FlowList>(1);
        builder.AddAttribute(2, nameof(FlowList.EnvironmentId), "demo");
        builder.CloseComponent();
    });

    [Fact]
    public void The_versions_dialog_shows_what_the_newest_version_changed_and_rolls_back_by_making_an_older_one_the_default()
    {
        var first = ShippedFlow("password-then-otp");
        var second = Copy(first);
        second.Nodes.Add(new FlowNode { Id = "deny2", Type = "Deny" });
        Flows.Versions["password-then-otp"] = [first, second];
        var cut = RenderVersions("password-then-otp");

        cut.WaitForElement("[data-flow=password-then-otp] .versions-button").Click();

        cut.WaitForAssertion(() => Assert.Contains("deny2", cut.Find(".flow-diff .diff-added").TextContent));
        Assert.Single(cut.FindAll(".versions-table .rollback-button"));
        cut.Find("tr[data-version='1'] .rollback-button").Click();
        cut.WaitForAssertion(() => cut.FindAll(".mud-dialog .mud-dialog-actions button").Single(b => b.TextContent.Trim() == "Make default").Click());
        cut.WaitForAssertion(() => Assert.Equal(["default password-then-otp v1"], Flows.Calls));
    }

    [Fact]
    public void Comparing_the_other_way_round_reports_the_node_as_removed()
    {
        var first = ShippedFlow("password-then-otp");
        var second = Copy(first);
        second.Nodes.Add(new FlowNode { Id = "deny2", Type = "Deny" });
        Flows.Versions["password-then-otp"] = [first, second];
        var cut = RenderVersions("password-then-otp");
        cut.WaitForElement("[data-flow=password-then-otp] .versions-button").Click();

        cut.WaitForElement(".diff-from").Change("2");
        cut.Find(".diff-to").Change("1");

        cut.WaitForAssertion(() => Assert.Contains("deny2", cut.Find(".flow-diff .diff-removed").TextContent));
    }
}
