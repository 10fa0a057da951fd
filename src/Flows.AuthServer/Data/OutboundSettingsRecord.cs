namespace Flows.AuthServer.Data;

/// <summary>
/// What an environment's flows may reach outside the server: the hosts they may call, the private addresses those may
/// resolve to, and the shared secret that signs requests and tokens (protected with Data Protection; never exported).
/// </summary>
public sealed class OutboundSettingsRecord
{
    public required string EnvironmentId { get; init; }

    /// <summary>Host names (exact, or <c>*.example.com</c> for its subdomains) that flows may call.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Private, loopback or link-local addresses or networks (CIDR) an allowed host may resolve to; others are refused.</summary>
    public List<string> AllowedPrivateAddresses { get; set; } = [];

    /// <summary>The shared secret, protected; null until one is generated.</summary>
    public string? ProtectedSecret { get; set; }

    public DateTimeOffset? SecretCreatedAt { get; set; }
}
