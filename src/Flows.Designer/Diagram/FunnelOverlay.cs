using Blazor.Diagrams;
using Blazor.Diagrams.Core.Anchors;
using Blazor.Diagrams.Core.Models;
using Flows.Engine.Instances;

namespace Flows.Designer.Diagram;

/// <summary>Puts a funnel's counts on a filled diagram: each node its entries and exits, each edge a width and a label by its runs.</summary>
public static class FunnelOverlay
{
    /// <summary>The width of an edge no run followed; the busiest edge is <see cref="MaxWidth"/> wide.</summary>
    public const double MinWidth = 1.5;

    public const double MaxWidth = 14;

    public static void Apply(BlazorDiagram diagram, FlowFunnel funnel)
    {
        foreach (var node in diagram.Nodes.OfType<ActivityNodeModel>())
        {
            node.Funnel = funnel.Of(node.FlowNodeId);
        }

        var busiest = Math.Max(1, funnel.Nodes.Values.SelectMany(node => node.Outcomes.Values).DefaultIfEmpty(0).Max());
        foreach (var link in diagram.Links.OfType<LinkModel>())
        {
            if ((link.Source as SinglePortAnchor)?.Port is OutcomePortModel { Parent: ActivityNodeModel from } port)
            {
                var runs = funnel.Of(from.FlowNodeId).Outcomes.GetValueOrDefault(port.Outcome);
                link.Width = WidthOf(runs, busiest);
                link.Color = runs == 0 ? "#c5cae9" : "#3949ab";
                link.Labels.Add(new LinkLabelModel(link, runs.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
    }

    /// <summary>The edge's width: proportional to its share of the busiest edge's runs.</summary>
    public static double WidthOf(int runs, int busiest) => MinWidth + (MaxWidth - MinWidth) * runs / Math.Max(1, busiest);
}
