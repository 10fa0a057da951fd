using System.Net;
using System.Net.Sockets;

namespace Flows.AuthServer.Outbound;

/// <summary>
/// The rules of where flows may connect: a host must be on the environment's allow-list (exact, or <c>*.suffix</c>
/// for subdomains), and the address it resolves to must be public, unless the environment lists that private,
/// loopback or link-local address (or its network) explicitly. Checked on the address actually connected to.
/// </summary>
public static class OutboundAddresses
{
    // Never public (RFC 6890 and its IPv6 counterparts): loopback, private, shared, link-local, unique local, this network.
    private static readonly IPNetwork[] NonPublic =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("224.0.0.0/3"),
        IPNetwork.Parse("::/128"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("ff00::/8"), IPNetwork.Parse("64:ff9b::/96"),
    ];

    /// <summary>Whether <paramref name="host"/> is on the allow-list (case-insensitive; <c>*.example.com</c> matches its subdomains only).</summary>
    public static bool IsHostAllowed(string host, IReadOnlyList<string> allowedHosts)
    {
        var name = host.TrimEnd('.');
        return allowedHosts.Any(allowed => allowed.StartsWith("*.", StringComparison.Ordinal)
            ? name.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase) && name.Length > allowed.Length - 1
            : string.Equals(name, allowed.TrimEnd('.'), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Whether a connection to <paramref name="address"/> may be made: public, or within a listed network.</summary>
    public static bool IsAddressAllowed(IPAddress address, IReadOnlyList<IPNetwork> allowedPrivateNetworks)
    {
        // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is.
        var actual = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (allowedPrivateNetworks.Any(network => network.BaseAddress.AddressFamily == actual.AddressFamily && network.Contains(actual)))
        {
            return true;
        }

        return actual.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6
            && !NonPublic.Any(network => network.BaseAddress.AddressFamily == actual.AddressFamily && network.Contains(actual));
    }

    /// <summary>An address (<c>127.0.0.1</c>) or network (<c>10.0.0.0/8</c>); null when it is neither.</summary>
    public static IPNetwork? ParseNetwork(string value)
    {
        var text = value.Trim();
        if (IPNetwork.TryParse(text, out var network))
        {
            return network;
        }

        return IPAddress.TryParse(text, out var address)
            ? new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)
            : null;
    }

    /// <summary>Whether <paramref name="host"/> is a valid allow-list entry: a DNS name, an IP literal, or <c>*.</c> and a name.</summary>
    public static bool IsValidHostEntry(string host)
    {
        var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
        return name.Length is > 0 and <= 253 && Uri.CheckHostName(name) is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6;
    }
}
