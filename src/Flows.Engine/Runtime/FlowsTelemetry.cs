using System.Diagnostics;
using System.Diagnostics.Metrics;
using Flows.Engine.Instances;

namespace Flows.Engine.Runtime;

/// <summary>
/// The traces and metrics of Flows, under one name for the engine and the server alike: a span and a duration for
/// every step the engine runs, tagged with the activity type (never with what the user typed).
/// </summary>
public static class FlowsTelemetry
{
    /// <summary>The name of the activity source and the meter, which exporters subscribe to.</summary>
    public const string Name = "Flows";

    /// <summary>The span of one step: a child of the request that ran it.</summary>
    public const string StepSpan = "flow step";

    public const string ActivityTag = "flows.activity";
    public const string NodeTag = "flows.node";
    public const string FlowTag = "flows.flow";
    public const string InstanceTag = "flows.flow_instance";
    public const string ResultTag = "flows.step.result";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>(
        "flows.flow.step.duration", unit: "s", description: "How long one step of a flow took, by activity type and result.");

    /// <summary>Starts the span of a step when anyone listens; null otherwise.</summary>
    internal static Activity? StartStep(FlowInstance instance, string nodeId, string activityType)
    {
        var span = Source.StartActivity(StepSpan, ActivityKind.Internal);
        span?.SetTag(ActivityTag, activityType)
            .SetTag(NodeTag, nodeId)
            .SetTag(FlowTag, instance.DefinitionId)
            .SetTag(InstanceTag, instance.Id);
        return span;
    }

    /// <summary>Records a journaled step: its duration, and its result on the step's span when that is the current one.</summary>
    internal static void Record(FlowJournalEntry entry)
    {
        var result = entry.Result switch
        {
            FlowStepResult.Outcome => "outcome",
            FlowStepResult.Suspended => "suspended",
            FlowStepResult.Completed => "completed",
            FlowStepResult.Failed => "failed",
            _ => "faulted",
        };
        StepDuration.Record(entry.DurationMicroseconds / 1_000_000.0,
            new KeyValuePair<string, object?>(ActivityTag, entry.ActivityType),
            new KeyValuePair<string, object?>(ResultTag, result));
        if (Activity.Current is { } span && span.Source == Source && span.OperationName == StepSpan)
        {
            span.SetTag(ResultTag, result);
            if (entry.Result is FlowStepResult.Faulted)
            {
                span.SetStatus(ActivityStatusCode.Error);
            }
        }
    }
}
