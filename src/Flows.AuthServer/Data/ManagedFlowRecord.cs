namespace Flows.AuthServer.Data;

/// <summary>
/// A flow as administrators manage it in one environment: its editable draft and the published version new
/// sign-ins run. The published versions themselves are the engine's, immutable, in its own table.
/// </summary>
public sealed class ManagedFlowRecord
{
    public required string EnvironmentId { get; init; }

    public required string DefinitionId { get; init; }

    public required string Name { get; set; }

    /// <summary>The draft as the engine's definition JSON; null when the flow has no unpublished changes.</summary>
    public string? DraftJson { get; set; }

    public DateTimeOffset? DraftUpdatedAt { get; set; }

    /// <summary>The version applications without a pinned version run; null means the latest published.</summary>
    public int? DefaultVersion { get; set; }

    /// <summary>A published version that takes <see cref="RolloutPercent"/> of new sign-ins from the default; null when none does.</summary>
    public int? RolloutVersion { get; set; }

    /// <summary>The share of new sign-ins, in percent (1–99), that run <see cref="RolloutVersion"/>.</summary>
    public int? RolloutPercent { get; set; }

    public DateTimeOffset? RolloutStartedAt { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}
