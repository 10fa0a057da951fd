using Blazor.Diagrams.Core.Geometry;

namespace Flows.Designer.Diagram;

/// <summary>
/// The shortest horizontal-and-vertical path between two points that never enters a box: a grid on the boxes' edges
/// (and the lines half-way between them), then Dijkstra over its points and the direction they are entered in, a turn
/// costing extra. Points on a box's edge are allowed, so a path may run along the clearance around a node.
/// </summary>
internal static class OrthogonalGrid
{
    public static IReadOnlyList<Point> ShortestPath(Point start, Point goal, IReadOnlyList<Rectangle> boxes, Rectangle bounds, double bendCost)
    {
        var xs = Rulers(boxes.SelectMany(box => new[] { box.Left, box.Right }), start.X, goal.X, bounds.Left, bounds.Right);
        var ys = Rulers(boxes.SelectMany(box => new[] { box.Top, box.Bottom }), start.Y, goal.Y, bounds.Top, bounds.Bottom);
        var from = (Array.IndexOf(xs, start.X), Array.IndexOf(ys, start.Y));
        var to = (Array.IndexOf(xs, goal.X), Array.IndexOf(ys, goal.Y));

        // The ends are free even inside a box's clearance: nodes closer together than twice the clearance overlap there.
        bool Free(int i, int j) => (i, j) == to || !boxes.Any(box => StrictlyInside(box, xs[i], ys[j]));

        // State: a grid point and the direction it was entered in (0 right, 1 left, 2 down, 3 up; 4 at the start).
        var cost = new Dictionary<(int I, int J, int D), double>();
        var previous = new Dictionary<(int I, int J, int D), (int I, int J, int D)>();
        var queue = new PriorityQueue<(int I, int J, int D), double>();
        var first = (from.Item1, from.Item2, 4);
        cost[first] = 0;
        queue.Enqueue(first, 0);
        (int I, int J, int D)? reached = null;
        (int Di, int Dj)[] moves = [(1, 0), (-1, 0), (0, 1), (0, -1)];
        while (queue.TryDequeue(out var state, out var spent))
        {
            if (spent > cost[state])
            {
                continue;
            }

            if ((state.I, state.J) == to)
            {
                reached = state;
                break;
            }

            for (var d = 0; d < moves.Length; d++)
            {
                var (i, j) = (state.I + moves[d].Di, state.J + moves[d].Dj);
                if (i < 0 || j < 0 || i >= xs.Length || j >= ys.Length || !Free(i, j))
                {
                    continue;
                }

                var next = (i, j, d);
                var step = Math.Abs(xs[i] - xs[state.I]) + Math.Abs(ys[j] - ys[state.J]) + (state.D is 4 || state.D == d ? 0 : bendCost);
                if (!cost.TryGetValue(next, out var known) || spent + step < known)
                {
                    cost[next] = spent + step;
                    previous[next] = state;
                    queue.Enqueue(next, spent + step);
                }
            }
        }

        if (reached is not { } end)
        {
            return [];
        }

        var path = new List<Point>();
        for (var at = end; ; at = previous[at])
        {
            path.Add(new Point(xs[at.I], ys[at.J]));
            if (at.D == 4)
            {
                break;
            }
        }

        path.Reverse();
        return WithoutStraightThroughPoints(path);
    }

    /// <summary>The sorted, distinct grid lines: the given ones within the bounds, the bounds, and one half-way between each two.</summary>
    private static double[] Rulers(IEnumerable<double> edges, double start, double goal, double low, double high)
    {
        var lines = edges.Where(line => line >= low && line <= high).Append(start).Append(goal).Append(low).Append(high).Distinct().Order().ToList();
        var halfway = lines.Zip(lines.Skip(1), (a, b) => (a + b) / 2);
        return lines.Concat(halfway).Distinct().Order().ToArray();
    }

    /// <summary>Whether the point lies inside the box, not on its edge.</summary>
    public static bool StrictlyInside(Rectangle box, double x, double y) => x > box.Left && x < box.Right && y > box.Top && y < box.Bottom;

    private static List<Point> WithoutStraightThroughPoints(List<Point> path)
    {
        for (var i = path.Count - 2; i > 0; i--)
        {
            var (a, b, c) = (path[i - 1], path[i], path[i + 1]);
            if ((a.X == b.X && b.X == c.X) || (a.Y == b.Y && b.Y == c.Y))
            {
                path.RemoveAt(i);
            }
        }

        return path;
    }
}
