using Flows.Engine.Instances;

namespace Flows.AuthServer.Protocol;

/// <summary>Marks an authorization request restored from a completed flow (the resume endpoint).</summary>
public static class ResumedFlow
{
    public const string ResumePath = "/resume";
    public const string FlowIdParameter = "flowId";

    private static readonly object Key = new();

    public static void Attach(HttpContext context, FlowInstance instance) => context.Items[Key] = instance;

    public static FlowInstance? Find(HttpContext context) => context.Items.TryGetValue(Key, out var value) ? value as FlowInstance : null;
}
