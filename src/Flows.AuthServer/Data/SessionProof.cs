namespace Flows.AuthServer.Data;

/// <summary>
/// One flow a session completed: which flow (id and version), and what it proved of the user, when. <see cref="SatisfiedAcrs"/>
/// are the requested acr values the flow ran for (null in proofs recorded before they were).
/// </summary>
public sealed record SessionProof(
    string FlowId, int FlowVersion, IReadOnlyList<string> Amr, string? Acr, DateTimeOffset AuthenticatedAt,
    IReadOnlyList<string>? SatisfiedAcrs = null)
{
    /// <summary>Whether completing this flow satisfied the requested <paramref name="acr"/>.</summary>
    public bool Satisfies(string acr) => SatisfiedAcrs?.Contains(acr, StringComparer.Ordinal) ?? false;
}
