using Blazor.Diagrams;
using Blazor.Diagrams.Core.Anchors;
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
            AllowMultiSelection = false,
            GridSize = 20,
            Zoom = { Enabled = true, Inverse = false },
            Links =
            {
                DefaultRouter = new NormalRouter(),
                DefaultPathGenerator = new SmoothPathGenerator(),
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
        return diagram;
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
                var extra = definition.Edges.Where(edge => edge.From == node.Id).Select(edge => edge.Outcome);
                var model = new ActivityNodeModel(node, registry.Find(node.Type), extra)
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

    /// <summary>Zooms and pans so every node is visible; false while the browser has not measured the canvas and the nodes yet.</summary>
    public static bool ZoomToFit(BlazorDiagram diagram)
    {
        var measured = diagram.Nodes.Count > 0 && diagram.Nodes.All(node => node.Size is { Width: > 0, Height: > 0 });
        if (diagram.Container is { Width: > 0, Height: > 0 } && measured)
        {
            diagram.ZoomToFit(40);

            // A small flow would be blown up; keep it at its natural size at most.
            if (diagram.Zoom > 1)
            {
                diagram.SetZoom(1);
            }

            return true;
        }

        return false;
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
            if (ZoomToFit(diagram))
            {
                return true;
            }
        }

        return false;
    }

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
