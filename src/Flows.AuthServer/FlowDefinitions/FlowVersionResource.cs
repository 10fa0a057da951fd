namespace Flows.AuthServer.FlowDefinitions;

/// <summary>One published, immutable version of a flow.</summary>
public sealed record FlowVersionResource(int Version, string Name, DateTimeOffset PublishedAt, string? Note, bool IsDefault);

/// <summary>The body of <c>POST …/flows/{flowId}/publish</c>: a note for the version history.</summary>
public sealed record FlowPublishRequest(string? Note);

/// <summary>The body of <c>PUT …/flows/{flowId}/default</c>: the published version new sign-ins start on.</summary>
public sealed record FlowDefaultVersionRequest(int Version);
