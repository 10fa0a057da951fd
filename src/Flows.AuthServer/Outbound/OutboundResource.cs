namespace Flows.AuthServer.Outbound;

/// <summary>
/// What an environment's flows may reach, as <c>/v1</c> shows and changes it (and the <c>outbound</c> member of an
/// environment file): allowed hosts, the private addresses they may resolve to, and whether a secret exists (never the secret).
/// </summary>
public sealed record OutboundResource(
    IReadOnlyList<string> AllowedHosts,
    IReadOnlyList<string> AllowedPrivateAddresses,
    bool HasSecret = false,
    DateTimeOffset? SecretCreatedAt = null);

/// <summary>A newly generated outbound secret: shown in this answer only.</summary>
public sealed record OutboundSecretResource(string Secret, DateTimeOffset CreatedAt);
