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

        // From where the link is drawn from and to (the anchors), so the stubs out of the ports are straight.
        var start = Antenna(source, from.Alignment);
        var goal = Antenna(target, to.Alignment);

        // With the full clearance first; where nodes stand too close for it, through the gaps between them (never closer
        // than 3 px: a rounded corner cuts about 2.3 px into the inside of its turn).
        foreach (var clearance in new[] { Margin, Margin / 2, 3 })
        {
            var obstacles = ObstaclesAround(diagram, from.Parent, to.Parent, clearance, out var bounds);
            var route = OrthogonalGrid.ShortestPath(start, goal, obstacles, bounds, BendCost);
            if (route.Count > 0)
            {
                return route.ToArray();
            }
        }

        return _straight.GetRoute(diagram, link);
    }

    /// <summary>The point just off a port, straight out from the side it sits on, where the route starts or ends.</summary>
    private static Point Antenna(Point at, PortAlignment alignment)
    {
        return alignment switch
        {
            PortAlignment.Left => at.Add(-Margin, 0),
            PortAlignment.Right => at.Add(Margin, 0),
            PortAlignment.Top => at.Add(0, -Margin),
            PortAlignment.Bottom => at.Add(0, Margin),
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
            .Select(node => node.GetBounds(includePorts: true)!.Inflate(clearance, clearance))
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

    private static Rectangle Inflated(NodeModel node) => node.GetBounds(includePorts: true)!.Inflate(Margin, Margin);
}
