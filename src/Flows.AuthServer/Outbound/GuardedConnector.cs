using System.Net;
using System.Net.Sockets;

namespace Flows.AuthServer.Outbound;

/// <summary>
/// Connects the outbound client's sockets (SocketsHttpHandler.ConnectCallback): resolves the host itself and connects
/// only to an address <see cref="OutboundAddresses"/> allows for the request's environment. The address checked is
/// the address connected to, so a name that resolves to a public address when checked and to a private one when
/// connecting (DNS rebinding) gains nothing.
/// </summary>
public static class GuardedConnector
{
    /// <summary>The private networks the request's environment lists; set on every outbound request.</summary>
    public static readonly HttpRequestOptionsKey<IReadOnlyList<IPNetwork>> AllowedPrivateNetworks = new("Flows.Outbound.AllowedPrivateNetworks");

    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var allowed = context.InitialRequestMessage.Options.TryGetValue(AllowedPrivateNetworks, out var networks) ? networks : [];
        var host = context.DnsEndPoint.Host;
        var candidates = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var addresses = candidates.Where(address => OutboundAddresses.IsAddressAllowed(address, allowed)).ToArray();
        if (addresses.Length == 0)
        {
            throw new OutboundAddressRefusedException();
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>The host resolved only to addresses the environment does not allow (private, loopback, link-local, unlisted).</summary>
public sealed class OutboundAddressRefusedException() : Exception("The outbound host resolves to no address this environment allows.");
