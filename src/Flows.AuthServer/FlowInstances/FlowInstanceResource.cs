using Flows.Activities;
using Flows.Engine.Instances;

namespace Flows.AuthServer.FlowInstances;

/// <summary>
/// A flow instance as an operator lists it: its life-cycle <c>status</c> (e.g. SUSPENDED) and, while it waits
/// on the user or once it ended, the <c>flowStatus</c> the flow API shows (e.g. OTP_REQUIRED, COMPLETED).
/// </summary>
public sealed record FlowInstanceResource(
    string Id,
    string Status,
    string? FlowStatus,
    string DefinitionId,
    int DefinitionVersion,
    string? ApplicationId,
    string? UserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset ExpiresAt)
{
    public static FlowInstanceResource Of(FlowInstance instance) => new(
        instance.Id,
        FlowInstanceStatuses.Name(instance.Status),
        FlowStatusOf(instance),
        instance.DefinitionId,
        instance.DefinitionVersion,
        instance.ApplicationId,
        instance.UserId,
        instance.CreatedAt,
        instance.UpdatedAt,
        instance.ExpiresAt);

    private static string? FlowStatusOf(FlowInstance instance) => instance.Status switch
    {
        FlowInstanceStatus.Suspended => instance.Prompt?.Status,
        FlowInstanceStatus.Completed => FlowStatuses.Completed,
        // A cancelled flow is one the user can no longer finish: the flow API shows it as failed.
        FlowInstanceStatus.Failed or FlowInstanceStatus.Cancelled => FlowStatuses.Failed,
        _ => null,
    };
}
