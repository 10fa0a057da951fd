namespace Flows.AuthServer.Flows;

/// <summary>
/// A published flow version: what an application's sign-ins run, and what a session records having completed.
/// <see cref="Acr"/> is the requested acr value the flow was chosen for, which completing it satisfies.
/// </summary>
public sealed record FlowReference(string Id, int Version, string? Acr = null);
