using Blazor.Diagrams;
using Blazor.Diagrams.Core.Anchors;
using Blazor.Diagrams.Core.Behaviors;
using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using Blazor.Diagrams.Core.PathGenerators;
using Blazor.Diagrams.Core.Routers;
using Blazor.Diagrams.Options;
using Flows.Engine.Activities;
using Flows.Engine.Definitions;
using Flows.Engine.Validation;

namespace Flows.Designer.Diagram;

/// <summary>Draws a flow definition as a Z.Blazor.Diagrams diagram: a node per activity, a link per edge.</summary>
public static class FlowDiagramBuilder
{
    public static BlazorDiagram Create(bool readOnly)
    {
        var options = new BlazorDiagramOptions
        {
            // Ctrl+click and Shift+drag select several nodes, for moving, deleting and copying them together.
            AllowMultiSelection = true,
            GridSize = 20,
            Zoom = { Enabled = true, Inverse = false },
            Links =
            {
                // Edges go round the nodes, in straight segments with rounded corners (a curve through the bends would cut them).
                DefaultRouter = new AroundNodesRouter(),
                DefaultPathGenerator = new StraightPathGenerator(radius: 8),
                EnableSnapping = true,
                SnappingRadius = 40,
            },
            Constraints =
            {
                ShouldDeleteNode = _ => ValueTask.FromResult(!readOnly),
                ShouldDeleteLink = _ => ValueTask.FromResult(!readOnly),
            },
        };
        var diagram = new BlazorDiagram(options);
        diagram.RegisterComponent<ActivityNodeModel, ActivityNodeWidget>();

        // A link is routed round every node, not only its own two, but the library redraws only a node's own links when it
        // is measured or moved: once the last node's size arrives, and after a node is dragged, every link is routed again.
        diagram.Nodes.Added += node =>
        {
            node.SizeChanged += _ => RerouteWhenMeasured(diagram);
            node.Moved += _ => RerouteWhenMeasured(diagram);
        };

        // The canvas handles the keyboard itself (FlowCanvasKeys): deleting a selection is one undoable edit, not one per node.
        var keys = diagram.GetBehavior<KeyboardShortcutsBehavior>();
        keys?.RemoveShortcut("Delete", false, false, false);
        keys?.RemoveShortcut("g", true, false, true);
        return diagram;
    }

    private static void RerouteWhenMeasured(BlazorDiagram diagram)
    {
        if (diagram.Nodes.All(node => node.Size is { Width: > 0, Height: > 0 }))
        {
            foreach (var link in diagram.Links)
            {
                link.Refresh();
            }
        }
    }

    /// <summary>Replaces what the diagram shows with the definition.</summary>
    public static void Fill(BlazorDiagram diagram, FlowDefinition definition, ActivityRegistry registry, IReadOnlyList<FlowValidationProblem> problems, bool locked)
    {
        diagram.Batch(() =>
        {
            diagram.Links.Clear();
            diagram.Nodes.Clear();
            var models = new Dictionary<string, ActivityNodeModel>(StringComparer.Ordinal);
            foreach (var node in definition.Nodes)
            {
                var descriptor = registry.Find(node.Type);
                var extra = (descriptor?.OutcomesOf(node) ?? []).Concat(definition.Edges.Where(edge => edge.From == node.Id).Select(edge => edge.Outcome));
                var model = new ActivityNodeModel(node, descriptor, extra)
                {
                    IsStart = node.Id == definition.Start,
                    Problems = problems.Where(problem => problem.NodeId == node.Id).ToList(),
                    Locked = locked,
                };
                models.TryAdd(node.Id, model);
                diagram.Nodes.Add(model);
            }

            foreach (var edge in definition.Edges)
            {
                if (models.TryGetValue(edge.From, out var from) && models.TryGetValue(edge.To, out var to)
                    && from.FindOutcomePort(edge.Outcome) is { } port)
                {
                    diagram.Links.Add(new LinkModel(new SinglePortAnchor(port), new SinglePortAnchor(to.Input))
                    {
                        TargetMarker = LinkMarker.Arrow,
                        Locked = locked,
                    });
                }
            }
        });
    }

    /// <summary>The space left around the nodes when fitting, in screen pixels.</summary>
    public const double FitMargin = 40;

    /// <summary>
    /// The smallest zoom a fit chooses: node titles are 0.85rem (13.6 px), so below this they would render under 12 px and
    /// outcome labels under 11 px. A flow too large for the canvas at this zoom is panned (and the minimap shown) instead.
    /// </summary>
    public const double ReadableZoom = 0.9;

    /// <summary>Zooms and pans so every node is visible; false while the browser has not measured the canvas and the nodes yet.</summary>
    public static bool ZoomToFit(BlazorDiagram diagram)
    {
        var measured = diagram.Nodes.Count > 0 && diagram.Nodes.All(node => node.Size is { Width: > 0, Height: > 0 });
        return measured && FitTo(diagram, MeasuredBounds(diagram.Nodes));
    }

    /// <summary>Fits the nodes the browser has measured so far, whether or not all of them are.</summary>
    public static bool ZoomToFitMeasured(BlazorDiagram diagram) => FitTo(diagram, MeasuredBounds(diagram.Nodes));

    /// <summary>
    /// The box around every node that has been measured. Nodes without a size yet (the diagram is rebuilt on each
    /// structural edit, so a node dropped a moment ago has none) are left out rather than counted as a point.
    /// </summary>
    public static Rectangle? MeasuredBounds(IEnumerable<NodeModel> nodes)
    {
        var sized = nodes.Where(node => node.Size is { Width: > 0, Height: > 0 }).ToList();
        return sized.Count == 0
            ? null
            : new Rectangle(
                sized.Min(node => node.Position.X),
                sized.Min(node => node.Position.Y),
                sized.Max(node => node.Position.X + node.Size!.Width),
                sized.Max(node => node.Position.Y + node.Size!.Height));
    }

    /// <summary>
    /// Zooms so the box fits the canvas (never above natural size, never below <see cref="ReadableZoom"/>) and pans it to
    /// the middle. Fitting is done here rather than by the library's ZoomToFit, which fits only the selected nodes when
    /// there are any (a node just dropped is selected) and whose pan is wrong once the zoom is capped afterwards.
    /// </summary>
    private static bool FitTo(BlazorDiagram diagram, Rectangle? bounds)
    {
        if (diagram.Container is not { Width: > 0, Height: > 0 } container || bounds is null)
        {
            return false;
        }

        var zoom = Math.Min(
            1,
            Math.Min((container.Width - 2 * FitMargin) / Math.Max(bounds.Width, 1), (container.Height - 2 * FitMargin) / Math.Max(bounds.Height, 1)));
        diagram.SetZoom(Math.Max(zoom, ReadableZoom));

        // The diagram may clamp the zoom; pan for the zoom it actually took. What does not fit is panned to its start
        // (flows are laid out left to right from the start node), then far enough to keep the selected node in view.
        zoom = diagram.Zoom;
        var panX = Center(container.Width, bounds.Left, bounds.Width, zoom);
        var panY = Center(container.Height, bounds.Top, bounds.Height, zoom);
        if (diagram.GetSelectedModels().OfType<NodeModel>().FirstOrDefault(node => node.Size is { Width: > 0 }) is { } selected)
        {
            panX = KeepInView(panX, container.Width, selected.Position.X, selected.Size!.Width, zoom);
            panY = KeepInView(panY, container.Height, selected.Position.Y, selected.Size.Height, zoom);
        }

        diagram.SetPan(panX, panY);
        return true;
    }

    /// <summary>Whether the measured nodes at the current zoom are larger than the canvas, so some are out of view.</summary>
    public static bool ExceedsView(BlazorDiagram diagram) =>
        diagram.Container is { Width: > 0 } container && MeasuredBounds(diagram.Nodes) is { } bounds
        && (bounds.Width * diagram.Zoom > container.Width - 2 * FitMargin || bounds.Height * diagram.Zoom > container.Height - 2 * FitMargin);

    /// <summary>The pan that centres a span of the diagram in the view, or puts its start at the margin when it is too long.</summary>
    private static double Center(double view, double start, double length, double zoom) =>
        length * zoom <= view - 2 * FitMargin
            ? (view - length * zoom) / 2 - start * zoom
            : FitMargin - start * zoom;

    /// <summary>The pan moved just enough for a span of the diagram to be inside the view.</summary>
    private static double KeepInView(double pan, double view, double start, double length, double zoom)
    {
        var near = pan + start * zoom;
        var far = near + length * zoom;
        return far > view - FitMargin ? pan - (far - (view - FitMargin)) : near < FitMargin ? pan + (FitMargin - near) : pan;
    }

    /// <summary>
    /// Fits the diagram once the browser has measured it, trying for about two seconds. The sizes arrive within a
    /// few tens of milliseconds of the first render, so it looks often: a coarse step would be waited out in full.
    /// </summary>
    public static async Task<bool> ZoomToFitWhenMeasuredAsync(BlazorDiagram diagram)
    {
        for (var attempt = 0; attempt < 80; attempt++)
        {
            await Task.Delay(25);

            // A port is measured once, from where the page shows it and the zoom and pan at that moment: zooming while one
            // is being measured puts it beside its node, and its links start from there. So the ports first, if they come.
            if ((attempt >= 60 || PortsMeasured(diagram)) && ZoomToFit(diagram))
            {
                return true;
            }
        }

        return false;
    }

    private static bool PortsMeasured(BlazorDiagram diagram) =>
        diagram.Nodes.All(node => node.Ports.All(port => port.Initialized || !port.Visible));

    /// <summary>The diagram point at the middle of what the canvas shows, where a clicked palette entry lands.</summary>
    public static Point? VisibleCenter(BlazorDiagram diagram) =>
        diagram.Container is { Width: > 0 } container
            ? diagram.GetRelativeMousePoint(container.Left + container.Width / 2, container.Top + container.Height / 3)
            : null;

    /// <summary>Updates names and problems in place, for edits that keep the graph's shape.</summary>
    public static void Refresh(BlazorDiagram diagram, FlowDefinition definition, ActivityRegistry registry, IReadOnlyList<FlowValidationProblem> problems)
    {
        foreach (var model in diagram.Nodes.OfType<ActivityNodeModel>())
        {
            var node = definition.FindNode(model.FlowNodeId);
            model.Label = node?.Name ?? registry.Find(model.ActivityType)?.DisplayName ?? model.ActivityType;
            model.IsStart = model.FlowNodeId == definition.Start;
            model.Problems = problems.Where(problem => problem.NodeId == model.FlowNodeId).ToList();
            model.Refresh();
        }
    }
}
