using Flows.Engine.Instances;

namespace Flows.AuthServer.FlowInstances;

/// <summary>
/// What an instance has learned so far, for the inspector: the user it identified, how they authenticated,
/// the claims collected and the flow's variables, with every secret-looking value hidden.
/// </summary>
public sealed record FlowInstanceContextResource(
    string? UserId,
    string? Username,
    IReadOnlyList<string> Amr,
    string? Acr,
    DateTimeOffset? AuthenticatedAt,
    IReadOnlyDictionary<string, object?> Claims,
    IReadOnlyDictionary<string, object?> Variables)
{
    public static FlowInstanceContextResource Of(FlowState state) => new(
        state.UserId,
        state.Username,
        state.Amr,
        state.Acr,
        state.AuthenticatedAt,
        FlowInstanceSecrets.Redact(state.Claims),
        FlowInstanceSecrets.Redact(state.Variables));
}
