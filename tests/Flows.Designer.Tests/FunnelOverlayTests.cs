using Blazor.Diagrams.Core.Anchors;
using Blazor.Diagrams.Core.Models;
using Bunit;
using Flows.Designer.Diagram;
using Flows.Designer.Instances;
using Flows.Designer.Services;
using Flows.Designer.Tests.Support;
using Flows.Engine.Instances;

namespace Flows.Designer.Tests;

public sealed class FunnelOverlayTests : DesignerTestContext
{
    private static FlowFunnel PasswordThenOtpFunnel() => new(100, new Dictionary<string, FlowFunnelNode>
    {
        ["password"] = new(100, new Dictionary<string, int> { ["success"] = 80, ["lockedOut"] = 5 }, 0, 0, 15, 0, 0),
        ["hasMfaDevice"] = new(80, new Dictionary<string, int> { ["yes"] = 60, ["no"] = 20 }, 0, 0, 0, 0, 0),
        ["otp"] = new(60, new Dictionary<string, int> { ["success"] = 50 }, 0, 0, 7, 0, 3),
        ["signInWithMfa"] = new(50, new Dictionary<string, int>(), 50, 0, 0, 0, 0),
        ["signInWithPassword"] = new(20, new Dictionary<string, int>(), 20, 0, 0, 0, 0),
        ["lockedOut"] = new(5, new Dictionary<string, int>(), 0, 5, 0, 0, 0),
    });

    private static LinkModel LinkOf(IRenderedComponent<FunnelGraph> graph, string from, string outcome) =>
        graph.Instance.Diagram.Links.OfType<LinkModel>().Single(link =>
            (link.Source as SinglePortAnchor)?.Port is OutcomePortModel { Parent: ActivityNodeModel node } port
            && node.FlowNodeId == from && port.Outcome == outcome);

    [Fact]
    public void Each_node_shows_its_entries_and_how_runs_left_or_stayed()
    {
        RenderInteractively();
        var graph = Render<FunnelGraph>(ps => ps.Add(p => p.Funnel, new DesignerFunnel(ShippedFlow("password-then-otp"), PasswordThenOtpFunnel())));

        var otp = graph.Find("[data-node-id=otp]");
        Assert.Contains("→ 60 entered", otp.TextContent);
        Assert.Contains("○ 7 abandoned", otp.TextContent);
        Assert.Contains("… 3 waiting", otp.TextContent);
        Assert.Equal("50", otp.QuerySelector("[data-outcome=success] .funnel-outcome-count")!.TextContent);
        Assert.Contains("✓ 50 completed", graph.Find("[data-node-id=signInWithMfa]").TextContent);
        Assert.Contains("✕ 5 failed", graph.Find("[data-node-id=lockedOut]").TextContent);
        Assert.Contains("funnel-unreached", graph.Find("[data-node-id=disabled]").ClassName);
    }

    [Fact]
    public void Each_edge_is_as_wide_as_its_share_of_the_busiest_and_labelled_with_its_runs()
    {
        RenderInteractively();
        var graph = Render<FunnelGraph>(ps => ps.Add(p => p.Funnel, new DesignerFunnel(ShippedFlow("password-then-otp"), PasswordThenOtpFunnel())));

        var busiest = LinkOf(graph, "password", "success");
        var half = LinkOf(graph, "otp", "success");
        var unused = LinkOf(graph, "password", "disabled");

        Assert.Equal(FunnelOverlay.MaxWidth, busiest.Width, 3);
        Assert.Equal(FunnelOverlay.WidthOf(50, 80), half.Width, 3);
        Assert.Equal(FunnelOverlay.MinWidth, unused.Width, 3);
        Assert.Equal("80", Assert.Single(busiest.Labels).Content);
    }

    [Fact]
    public void The_funnel_view_shows_the_newest_version_beside_the_one_before_it()
    {
        RenderInteractively();
        var flow = ShippedFlow("password-then-otp");
        Flows.Versions["password-then-otp"] = [flow, flow];
        Funnels.Counts[("password-then-otp", 2)] = PasswordThenOtpFunnel();
        Funnels.Counts[("password-then-otp", 1)] = new FlowFunnel(7, new Dictionary<string, FlowFunnelNode>
        {
            ["password"] = new(7, new Dictionary<string, int>(), 0, 0, 7, 0, 0),
        });

        var view = Render<FlowFunnelView>(ps => ps.Add(p => p.EnvironmentId, "demo").Add(p => p.FlowId, "password-then-otp"));

        view.WaitForAssertion(() => Assert.Equal(2, view.FindAll(".funnel-column").Count));
        var columns = view.FindAll(".funnel-column");
        Assert.Equal("1", columns[0].GetAttribute("data-version"));
        Assert.Equal("7", columns[0].QuerySelector(".funnel-runs")!.TextContent);
        Assert.Equal("2", columns[1].GetAttribute("data-version"));
        Assert.Equal("100", columns[1].QuerySelector(".funnel-runs")!.TextContent);
        Assert.All(Funnels.Asked, asked => Assert.NotNull(asked.From));
    }

    [Fact]
    public void Choosing_all_time_asks_for_every_run()
    {
        RenderInteractively();
        Flows.Versions["password-then-otp"] = [ShippedFlow("password-then-otp")];
        var view = Render<FlowFunnelView>(ps => ps.Add(p => p.EnvironmentId, "demo").Add(p => p.FlowId, "password-then-otp"));
        view.WaitForElement(".funnel-column");

        view.Find(".funnel-period").Change("all");

        view.WaitForAssertion(() => Assert.Null(Funnels.Asked[^1].From));
        Assert.Single(view.FindAll(".funnel-column"));
    }
}
