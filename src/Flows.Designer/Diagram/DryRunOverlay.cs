using Blazor.Diagrams;
using Blazor.Diagrams.Core.Anchors;
using Blazor.Diagrams.Core.Models;
using Flows.Designer.Services;

namespace Flows.Designer.Diagram;

/// <summary>
/// Lights up a dry run's path on a filled diagram, up to one of its steps: each node it passed, the outcome edges it
/// followed, the node it waits on and the step that denied or stopped it.
/// </summary>
public static class DryRunOverlay
{
    public const string FollowedColor = "#2e7d32";

    public static void Apply(BlazorDiagram diagram, DryRunResult run, int uptoSequence)
    {
        var steps = run.Steps.Where(step => step.Sequence <= uptoSequence).ToList();
        var last = steps.LastOrDefault();
        var isLatest = last is not null && last.Sequence == run.Steps.Count;
        foreach (var node in diagram.Nodes.OfType<ActivityNodeModel>())
        {
            var passed = steps.Where(step => step.NodeId == node.FlowNodeId).ToList();
            if (passed.Count == 0)
            {
                continue;
            }

            var waiting = isLatest && run.Ended == DryRunEndings.Waiting && last!.NodeId == node.FlowNodeId;
            var failed = passed[^1].Result is "Failed" or "Faulted";
            node.Run = new NodeRunInfo(passed.Count, TimeSpan.Zero, waiting, waiting ? run.Prompt?.Status : null, failed);
            node.DryRunNote = NoteOf(passed[^1]);
        }

        var followed = steps.Where(step => step.Outcome is not null).Select(step => (step.NodeId, step.Outcome!)).ToHashSet();
        foreach (var link in diagram.Links.OfType<LinkModel>())
        {
            if ((link.Source as SinglePortAnchor)?.Port is OutcomePortModel { Parent: ActivityNodeModel from } port
                && followed.Contains((from.FlowNodeId, port.Outcome)))
            {
                link.Color = FollowedColor;
                link.Width = 4;
            }
        }
    }

    /// <summary>What a step did, in a few words on its node.</summary>
    public static string NoteOf(DryRunStep step) => step.Result switch
    {
        "Outcome" => $"→ {step.Outcome}",
        "Suspended" when step.ErrorCode is { } code => $"asked again: {code}",
        "Suspended" => "asked",
        "Completed" => "✓ signed in",
        "Rejected" => $"refused: {step.ErrorCode}",
        _ => $"✕ {step.ErrorCode}",
    };
}
