namespace Flows.AuthServer.Data;

/// <summary>A tenant: its own issuer, applications, users, sessions, flows and keys.</summary>
public sealed class EnvironmentRecord
{
    public required string Id { get; init; }

    public required string Name { get; set; }

    /// <summary>The flow an application without its own binding runs.</summary>
    public required string DefaultFlowId { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
}
