using Flows.Engine.Runtime;

namespace Flows.AuthServer.Failures;

/// <summary>A flow action refused because its username made too many in a short time; nothing ran.</summary>
public sealed class FlowRateLimitedException(string instanceId, TimeSpan retryAfter)
    : FlowException($"Flow instance '{instanceId}': too many actions for its username.")
{
    /// <summary>When the username may act again.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}
