using System.Net;

namespace Flows.AuthServer.Outbound;

/// <summary>An environment's outbound rules as a call needs them: allowed hosts, allowed private networks, the secret.</summary>
public sealed record OutboundSettings(IReadOnlyList<string> AllowedHosts, IReadOnlyList<IPNetwork> AllowedPrivateNetworks, byte[]? Secret)
{
    public static OutboundSettings None { get; } = new([], [], null);
}
