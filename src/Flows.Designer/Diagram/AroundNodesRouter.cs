using Blazor.Diagrams.Core;
using Blazor.Diagrams.Core.Anchors;
using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using Blazor.Diagrams.Core.Models.Base;
using Blazor.Diagrams.Core.Routers;

namespace Flows.Designer.Diagram;

/// <summary>
/// Routes a link in horizontal and vertical segments around every node, not only the two it joins: the library's
/// <see cref="OrthogonalRouter"/> avoids just those two, so an edge to a node further on could still run behind the
/// nodes between. The same method as the library's (a grid on the nodes' edges, the shortest path on it with bends made
/// dear), with every node near the link as an obstacle. A link that is being drawn, or whose nodes the browser has not
/// measured yet, is drawn straight.
/// </summary>
public sealed class AroundNodesRouter : Router
{
    /// <summary>The clearance kept around nodes, in diagram pixels.</summary>
    public const double Margin = 12;

    // How far beyond the nodes involved a route may go looking for a way round.
    private const double Reach = 60;

    // A bend costs as much as this many pixels of length: routes prefer few bends to the very shortest way.
    private const double BendCost = 40;

    // The clearances tried in turn, widest first.
    private static readonly double[] Clearances = [Margin, Margin / 2, 3, 1];

    private readonly Router _straight = new NormalRouter();

    public override Point[] GetRoute(Blazor.Diagrams.Core.Diagram diagram, BaseLinkModel link)
    {
        if (link is not { Source: SinglePortAnchor { Port: var from }, Target: SinglePortAnchor { Port: var to } }
            || from.Parent.Size is null || to.Parent.Size is null)
        {
            return _straight.GetRoute(diagram, link);
        }

        if (link.Source.GetPosition(link) is not { } source || link.Target.GetPosition(link) is not { } target)
        {
            return _straight.GetRoute(diagram, link);
        }

        // With the full clearance first; where nodes stand too close for it, through the gaps between them (3 px: a rounded
        // corner cuts about 2.3 px into the inside of its turn), at the last along their edges. The stubs out of the ports are
        // as long as the clearance, so a port that faces a node closer than 12 px still has a way out.
        foreach (var clearance in Clearances)
        {
            // From where the link is drawn from and to (the anchors), so the stubs out of the ports are straight.
            var start = Antenna(source, from.Alignment, clearance);
            var goal = Antenna(target, to.Alignment, clearance);
            var obstacles = ObstaclesAround(diagram, from.Parent, to.Parent, clearance, out var bounds);
            var route = OrthogonalGrid.ShortestPath(start, goal, obstacles, bounds, BendCost);

            // Where nodes overlap a port, no route avoids them all: one that crosses only those still avoids the rest.
            if (route.Count == 0 && clearance == Clearances[^1])
            {
                var passable = obstacles.Where(box => !OrthogonalGrid.StrictlyInside(box, start.X, start.Y) && !OrthogonalGrid.StrictlyInside(box, goal.X, goal.Y)).ToList();
                route = OrthogonalGrid.ShortestPath(start, goal, passable, bounds, BendCost);
            }

            if (route.Count > 0)
            {
                return route.ToArray();
            }
        }

        return _straight.GetRoute(diagram, link);
    }

    /// <summary>The point just off a port, straight out from the side it sits on, where the route starts or ends.</summary>
    private static Point Antenna(Point at, PortAlignment alignment, double length)
    {
        return alignment switch
        {
            PortAlignment.Left => at.Add(-length, 0),
            PortAlignment.Right => at.Add(length, 0),
            PortAlignment.Top => at.Add(0, -length),
            PortAlignment.Bottom => at.Add(0, length),
            _ => at,
        };
    }

    /// <summary>
    /// The inflated boxes of the nodes within reach of the two ends, and the area a route stays in. The area grows with the
    /// nodes it takes in, so every node a route in it could meet is among the obstacles.
    /// </summary>
    private static List<Rectangle> ObstaclesAround(
        Blazor.Diagrams.Core.Diagram diagram, NodeModel source, NodeModel target, double clearance, out Rectangle bounds)
    {
        var boxes = diagram.Nodes.Where(node => node.Size is { Width: > 0, Height: > 0 })
            .Select(node => Footprint(node).Inflate(clearance, clearance))
            .ToList();
        bounds = Inflated(source).Union(Inflated(target)).Inflate(Reach, Reach);
        for (var grown = true; grown;)
        {
            var area = bounds;
            var grownTo = boxes.Where(box => box.Intersects(area)).Aggregate(area, (union, box) => union.Union(box.Inflate(Margin, Margin)));
            grown = !grownTo.Equals(bounds);
            bounds = grownTo;
        }

        var final = bounds;
        return boxes.Where(box => box.Intersects(final)).ToList();
    }

    private static Rectangle Inflated(NodeModel node) => Footprint(node).Inflate(Margin, Margin);

    /// <summary>
    /// The node's box and its measured ports. Not the library's bounds with ports: a port the browser has not measured yet
    /// stands at the diagram's origin, and would stretch the box to there and wall off every route past it.
    /// </summary>
    private static Rectangle Footprint(NodeModel node)
    {
        return node.Ports.Where(port => port.Initialized)
            .Select(port => new Rectangle(port.Position, port.Size))
            .Aggregate(node.GetBounds()!, (union, port) => union.Union(port));
    }
}
