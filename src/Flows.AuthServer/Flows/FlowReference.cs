namespace Flows.AuthServer.Flows;

/// <summary>A published flow version: what an application's sign-ins run, and what a session records having completed.</summary>
public sealed record FlowReference(string Id, int Version);
