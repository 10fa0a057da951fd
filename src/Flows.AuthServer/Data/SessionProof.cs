namespace Flows.AuthServer.Data;

/// <summary>One flow a session completed: which flow (id and version), and what it proved of the user, when.</summary>
public sealed record SessionProof(string FlowId, int FlowVersion, IReadOnlyList<string> Amr, string? Acr, DateTimeOffset AuthenticatedAt);
