using Blazor.Diagrams;
using Blazor.Diagrams.Core.Anchors;
using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using Blazor.Diagrams.Core.Routers;
using Flows.Designer.Diagram;
using Flows.Engine.Definitions;

namespace Flows.Designer.Tests;

/// <summary>The flow editor's links go round the nodes between their ends instead of behind them.</summary>
public sealed class EdgeRoutingTests
{
    private static readonly Size NodeSize = new(180, 90);

    [Fact]
    public void The_flow_editor_routes_its_links_with_the_router_that_goes_round_nodes()
    {
        var diagram = FlowDiagramBuilder.Create(readOnly: false);

        Assert.IsType<AroundNodesRouter>(diagram.Options.Links.DefaultRouter);
    }

    [Fact]
    public void A_link_to_a_node_beyond_another_in_the_same_row_goes_round_the_one_between()
    {
        var (diagram, link, between) = Row();

        var path = PathOf(diagram, link, new AroundNodesRouter());

        Assert.True(Crosses(PathOf(diagram, link, new NormalRouter()), between), "the straight line runs behind the node between (the case is real)");
        Assert.False(Crosses(path, between), string.Join(" ", path));
        Assert.All(Segments(path), segment => Assert.True(segment.Start.X == segment.End.X || segment.Start.Y == segment.End.Y, $"{segment.Start} {segment.End}"));
    }

    [Fact]
    public void A_link_ends_where_it_starts_and_ends_and_keeps_clear_of_its_own_nodes()
    {
        var (diagram, link, _) = Row();
        var path = PathOf(diagram, link, new AroundNodesRouter());

        var source = Bounds(link.Source.Model!);
        var target = Bounds(link.Target.Model!);

        // Only the first and the last segment touch the ends' nodes: the stubs out of the ports.
        Assert.All(Segments(path).Skip(1).SkipLast(1), segment => Assert.False(Enters(segment, source) || Enters(segment, target), $"{segment.Start} {segment.End}"));
    }

    [Fact]
    public void A_link_is_drawn_straight_while_its_nodes_are_not_measured()
    {
        var (diagram, link, _) = Row();
        foreach (var node in diagram.Nodes)
        {
            node.Size = null;
        }

        Assert.Equal(new NormalRouter().GetRoute(diagram, link), new AroundNodesRouter().GetRoute(diagram, link));
    }

    [Fact]
    public void A_link_goes_round_the_node_between_while_a_node_further_on_has_its_ports_not_measured_yet()
    {
        // The browser measures ports node by node; until it has, a port made as the flow's nodes make theirs stands at the
        // diagram's origin.
        var (diagram, link, between) = Row();
        var further = diagram.Nodes.Add(new NodeModel(new Point(900, 0)) { Size = NodeSize });
        further.AddPort(new PortModel(further, PortAlignment.Left));
        further.AddPort(new PortModel(further, PortAlignment.Right));

        var path = PathOf(diagram, link, new AroundNodesRouter());

        Assert.False(Crosses(path, between), string.Join(" ", path));
        Assert.False(Crosses(path, further), string.Join(" ", path));
    }

    [Fact]
    public void A_link_out_of_a_port_that_faces_a_node_closer_than_the_clearance_leaves_through_the_gap()
    {
        // A node stands 10 px from the source's port, closer than the 12 px the route keeps from nodes.
        var diagram = new BlazorDiagram();
        var source = Node(diagram, 0, 0);
        var close = Node(diagram, NodeSize.Width + 15, 0);
        var target = Node(diagram, 700, 0);
        var link = diagram.Links.Add(new LinkModel(new SinglePortAnchor(source.Out), new SinglePortAnchor(target.In)));

        var path = PathOf(diagram, link, new AroundNodesRouter());

        Assert.True(Crosses(PathOf(diagram, link, new NormalRouter()), close.Node), "the straight line runs behind the close node (the case is real)");
        Assert.False(Crosses(path, close.Node), string.Join(" ", path));
        Assert.All(Segments(path), segment => Assert.True(segment.Start.X == segment.End.X || segment.Start.Y == segment.End.Y, $"{segment.Start} {segment.End}"));
    }

    [Fact]
    public void A_link_out_of_a_port_that_a_node_overlaps_still_goes_round_the_nodes_further_on()
    {
        var diagram = new BlazorDiagram();
        var source = Node(diagram, 0, 0);
        var over = Node(diagram, NodeSize.Width - 10, 30);
        var between = Node(diagram, 450, 0);
        var target = Node(diagram, 700, 0);
        var link = diagram.Links.Add(new LinkModel(new SinglePortAnchor(source.Out), new SinglePortAnchor(target.In)));

        var path = PathOf(diagram, link, new AroundNodesRouter());

        Assert.True(Crosses(PathOf(diagram, link, new NormalRouter()), between.Node), "the straight line runs behind the node further on (the case is real)");
        Assert.False(Crosses(path, between.Node), string.Join(" ", path));
        Assert.All(Segments(path), segment => Assert.True(segment.Start.X == segment.End.X || segment.Start.Y == segment.End.Y, $"{segment.Start} {segment.End}"));
    }

    /// <summary>Three measured nodes in a row and a link from the first to the third, past the second.</summary>
    private static (BlazorDiagram Diagram, LinkModel Link, NodeModel Between) Row()
    {
        var diagram = new BlazorDiagram();
        var nodes = new[] { 0, 300, 600 }.Select(x => Node(diagram, x, 0)).ToList();
        var link = diagram.Links.Add(new LinkModel(new SinglePortAnchor(nodes[0].Out), new SinglePortAnchor(nodes[2].In)));
        return (diagram, link, nodes[1].Node);
    }

    private static (NodeModel Node, PortModel In, PortModel Out) Node(BlazorDiagram diagram, double x, double y)
    {
        var node = diagram.Nodes.Add(new NodeModel(new Point(x, y)) { Size = NodeSize });
        var input = node.AddPort(PortAlignment.Left);
        var output = node.AddPort(PortAlignment.Right);

        // Where the browser would put them: small squares on the middle of each side.
        input.Position = new Point(x - 5, y + NodeSize.Height / 2 - 5);
        input.Size = new Size(10, 10);
        output.Position = new Point(x + NodeSize.Width - 5, y + NodeSize.Height / 2 - 5);
        output.Size = new Size(10, 10);
        input.Initialized = output.Initialized = true;
        return (node, input, output);
    }

    /// <summary>The points the link is drawn through: its source port, the route, its target port.</summary>
    private static List<Point> PathOf(BlazorDiagram diagram, LinkModel link, Router router)
    {
        var source = (SinglePortAnchor)link.Source;
        var target = (SinglePortAnchor)link.Target;
        return [source.GetPosition(link)!, .. router.GetRoute(diagram, link), target.GetPosition(link)!];
    }

    private static IEnumerable<(Point Start, Point End)> Segments(List<Point> path) => path.Zip(path.Skip(1));

    private static Rectangle Bounds(object model) => ((PortModel)model).Parent.GetBounds()!;

    private static bool Crosses(List<Point> path, NodeModel node) => Segments(path).Any(segment => Enters(segment, node.GetBounds()!));

    /// <summary>Whether a segment passes through the inside of a box (running along its edge does not count).</summary>
    private static bool Enters((Point Start, Point End) segment, Rectangle box)
    {
        // Sample the segment finely: simple, and exact enough for boxes tens of pixels wide.
        for (var t = 0.0; t <= 1.0; t += 0.005)
        {
            var x = segment.Start.X + (segment.End.X - segment.Start.X) * t;
            var y = segment.Start.Y + (segment.End.Y - segment.Start.Y) * t;
            if (x > box.Left && x < box.Right && y > box.Top && y < box.Bottom)
            {
                return true;
            }
        }

        return false;
    }
}
