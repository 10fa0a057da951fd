using Blazor.Diagrams;
using Blazor.Diagrams.Core.Geometry;
using Flows.Designer.Diagram;
using Flows.Designer.Editing;
using Flows.Designer.Tests.Support;
using Flows.Engine.Definitions;

namespace Flows.Designer.Tests;

public sealed class FitToViewTests : DesignerTestContext
{
    private static readonly Rectangle Canvas = new(0, 0, 1200, 700);

    private (BlazorDiagram Diagram, FlowEditor Editor, ActivityNodeModel Dropped) CanvasAfterADrop(NodePosition dropAt)
    {
        var editor = NewEditor(ShippedFlow("password-then-otp"));
        var dropped = editor.AddNode("Deny", dropAt);
        var diagram = FlowDiagramBuilder.Create(readOnly: false);
        FlowDiagramBuilder.Fill(diagram, editor.Definition, Registry, editor.Problems, locked: false);
        var model = diagram.Nodes.OfType<ActivityNodeModel>().Single(node => node.FlowNodeId == dropped.Id);

        // As on the canvas: the dropped node is the selected one.
        diagram.SelectModel(model, unselectOthers: true);
        diagram.SetContainer(Canvas);
        return (diagram, editor, model);
    }

    private static void Measure(BlazorDiagram diagram, Func<ActivityNodeModel, bool> which)
    {
        foreach (var node in diagram.Nodes.OfType<ActivityNodeModel>().Where(which))
        {
            node.Size = new Size(180, 70);
        }
    }

    private static bool IsInView(BlazorDiagram diagram, ActivityNodeModel node)
    {
        var left = diagram.Pan.X + node.Position.X * diagram.Zoom;
        var top = diagram.Pan.Y + node.Position.Y * diagram.Zoom;
        return left >= 0 && top >= 0
            && left + node.Size!.Width * diagram.Zoom <= Canvas.Width
            && top + node.Size.Height * diagram.Zoom <= Canvas.Height;
    }

    [Fact]
    public void Fitting_after_a_drop_keeps_the_dropped_node_in_view_without_zooming_below_readable()
    {
        var (diagram, _, dropped) = CanvasAfterADrop(new NodePosition(1500, 600));
        Measure(diagram, _ => true);

        var fitted = FlowDiagramBuilder.ZoomToFit(diagram);

        Assert.True(fitted);
        Assert.True(diagram.Zoom >= FlowDiagramBuilder.ReadableZoom, $"zoom {diagram.Zoom}");
        Assert.True(IsInView(diagram, dropped));
    }

    [Fact]
    public void A_flow_too_large_for_the_canvas_is_fitted_at_a_readable_zoom_and_panned_to_its_start()
    {
        var editor = NewEditor(ShippedFlow("password-then-otp"));
        var diagram = FlowDiagramBuilder.Create(readOnly: false);
        FlowDiagramBuilder.Fill(diagram, editor.Definition, Registry, editor.Problems, locked: false);
        diagram.SetContainer(new Rectangle(0, 0, 640, 420));
        Measure(diagram, _ => true);

        FlowDiagramBuilder.ZoomToFit(diagram);

        var start = diagram.Nodes.OfType<ActivityNodeModel>().Single(node => node.IsStart);
        Assert.Equal(FlowDiagramBuilder.ReadableZoom, diagram.Zoom, 3);
        Assert.InRange(diagram.Pan.X + start.Position.X * diagram.Zoom, 0, 640 - start.Size!.Width * diagram.Zoom);
        Assert.True(FlowDiagramBuilder.ExceedsView(diagram));
    }

    [Fact]
    public void A_small_flow_is_shown_at_natural_size_with_its_nodes_in_view()
    {
        var editor = NewEditor(ShippedFlow("username-password"));
        var diagram = FlowDiagramBuilder.Create(readOnly: false);
        FlowDiagramBuilder.Fill(diagram, editor.Definition, Registry, editor.Problems, locked: false);
        diagram.SetContainer(new Rectangle(0, 0, 4000, 3000));
        Measure(diagram, _ => true);

        FlowDiagramBuilder.ZoomToFit(diagram);

        Assert.Equal(1, diagram.Zoom);
        Assert.All(diagram.Nodes.OfType<ActivityNodeModel>(), node =>
            Assert.InRange(diagram.Pan.X + node.Position.X, 0, 4000 - node.Size!.Width));
    }

    [Fact]
    public void A_dropped_node_the_browser_has_not_measured_yet_defers_the_fit()
    {
        var (diagram, _, dropped) = CanvasAfterADrop(new NodePosition(1500, 600));
        Measure(diagram, node => node != dropped);
        var zoom = diagram.Zoom;

        var fitted = FlowDiagramBuilder.ZoomToFit(diagram);

        Assert.False(fitted);
        Assert.Equal(zoom, diagram.Zoom);
    }

    [Fact]
    public void The_bounds_leave_out_nodes_without_a_size_instead_of_counting_them_as_points()
    {
        var (diagram, _, dropped) = CanvasAfterADrop(new NodePosition(5000, 5000));
        Measure(diagram, node => node != dropped);

        var bounds = FlowDiagramBuilder.MeasuredBounds(diagram.Nodes)!;

        Assert.True(bounds.Right < 5000);
        Assert.True(bounds.Bottom < 5000);
        Assert.True(bounds.Width > 0 && bounds.Height > 0);
    }
}
