using Flows.Engine.Instances;

namespace Flows.Engine.Runtime;

/// <summary>Base of the errors a caller of the runner maps to a client response; none changes the instance.</summary>
public abstract class FlowException(string message) : Exception(message);

/// <summary>No instance with that id (or it belongs to another environment).</summary>
public sealed class FlowNotFoundException(string instanceId)
    : FlowException($"Flow instance '{instanceId}' was not found.");

/// <summary>The instance was idle past its expiry; it is now <c>Expired</c>.</summary>
public sealed class FlowExpiredException(string instanceId)
    : FlowException($"Flow instance '{instanceId}' has expired.");

/// <summary>Another request changed the instance first; the caller's action was not applied.</summary>
public sealed class FlowConflictException(string instanceId)
    : FlowException($"Flow instance '{instanceId}' was changed by another request.");

/// <summary>The instance has ended (completed, failed, cancelled or expired) and accepts no action.</summary>
public sealed class FlowNotResumableException(string instanceId, string status)
    : FlowException($"Flow instance '{instanceId}' is {status} and accepts no action.");

/// <summary>The action is not one the current prompt accepts.</summary>
public sealed class FlowActionNotAllowedException(string action, IReadOnlyList<string> allowedActions)
    : FlowException($"Action '{action}' is not allowed now; allowed: {string.Join(", ", allowedActions)}.")
{
    public IReadOnlyList<string> AllowedActions { get; } = allowedActions;
}

/// <summary>No published version of the definition to start.</summary>
public sealed class FlowDefinitionNotFoundException(string definitionId, int? version)
    : FlowException(version is null
        ? $"Flow definition '{definitionId}' has no published version."
        : $"Flow definition '{definitionId}' has no version {version}.");

/// <summary>An activity threw; the step was journaled and the instance left as it was.</summary>
public sealed class FlowStepFaultedException(string instanceId, string nodeId, Exception inner)
    : FlowException($"Step '{nodeId}' of flow instance '{instanceId}' failed.")
{
    public string NodeId { get; } = nodeId;

    public Exception Fault { get; } = inner;
}

/// <summary>The step refused the action (<see cref="Activities.RejectResult"/>); the instance is unchanged.</summary>
public sealed class FlowActionRejectedException(string instanceId, FlowError error)
    : FlowException($"Flow instance '{instanceId}' refused the action: {error.Code}.")
{
    public FlowError Error { get; } = error;
}
