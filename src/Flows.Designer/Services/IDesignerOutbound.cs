namespace Flows.Designer.Services;

/// <summary>An environment's outbound settings: where its flows may call, and the secret that signs what they send.</summary>
public interface IDesignerOutbound
{
    /// <summary>The settings, or null when the environment does not exist.</summary>
    Task<DesignerOutbound?> GetAsync(string environmentId, CancellationToken cancellationToken = default);

    /// <summary>Sets the allowed hosts and private addresses. Returns null when saved, else why not, to show.</summary>
    Task<string?> SaveAsync(
        string environmentId, IReadOnlyList<string> allowedHosts, IReadOnlyList<string> allowedPrivateAddresses, CancellationToken cancellationToken = default);

    /// <summary>Generates a new outbound secret, replacing the old one at once; the answer is the only time it is shown.</summary>
    Task<DesignerOutboundSecret> GenerateSecretAsync(string environmentId, CancellationToken cancellationToken = default);
}

/// <summary>The hosts flows may call, the private addresses they may resolve to, and whether a secret exists (never the secret).</summary>
public sealed record DesignerOutbound(
    IReadOnlyList<string> AllowedHosts, IReadOnlyList<string> AllowedPrivateAddresses, bool HasSecret, DateTimeOffset? SecretCreatedAt);

/// <summary>A newly generated secret to show once, or why none was generated.</summary>
public sealed record DesignerOutboundSecret(string? Secret, string? Refused);
