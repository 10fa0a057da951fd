namespace Flows.AuthServer.FlowDefinitions;

/// <summary>One published, immutable version of a flow.</summary>
public sealed record FlowVersionResource(int Version, string Name, DateTimeOffset PublishedAt, string? Note, bool IsDefault);

/// <summary>
/// The body of <c>POST …/flows/{flowId}/publish</c>: a note for the version history and, to expose the new version to
/// a share of new sign-ins first, that share in percent.
/// </summary>
public sealed record FlowPublishRequest(string? Note, int? RolloutPercent = null);

/// <summary>The body of <c>PUT …/flows/{flowId}/rollout</c>: the published version and its share of new sign-ins, in percent.</summary>
public sealed record FlowRolloutRequest(int Version, int Percent);

/// <summary>The body of <c>PUT …/flows/{flowId}/default</c>: the published version new sign-ins start on.</summary>
public sealed record FlowDefaultVersionRequest(int Version);
