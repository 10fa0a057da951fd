using Flows.Activities.Users;

namespace Flows.AuthServer.Data;

/// <summary>A tenant: its own issuer, applications, users, sessions, flows and keys.</summary>
public sealed class EnvironmentRecord
{
    public required string Id { get; init; }

    public required string Name { get; set; }

    /// <summary>The flow an application without its own binding runs.</summary>
    public required string DefaultFlowId { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The attributes its users have (JSON): their types, which are required, their formats and labels.</summary>
    public List<UserAttributeDefinition> UserSchema { get; set; } = [];

    /// <summary>How many days a password may be used before it must be changed; null: it never expires.</summary>
    public int? MaxPasswordAgeDays { get; set; }
}
