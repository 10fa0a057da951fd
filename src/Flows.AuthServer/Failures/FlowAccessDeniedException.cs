using Flows.Engine.Runtime;

namespace Flows.AuthServer.Failures;

/// <summary>A flow call without the session token (ST cookie) of the session that owns the flow.</summary>
public sealed class FlowAccessDeniedException(string instanceId)
    : FlowException($"Flow instance '{instanceId}' belongs to another session.");
