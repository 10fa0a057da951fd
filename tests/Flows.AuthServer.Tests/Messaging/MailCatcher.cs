using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;
using netDumbster.smtp;

namespace Flows.AuthServer.Tests.Messaging;

/// <summary>A real SMTP server in the test process, on a free port of 127.0.0.1: every mail the server sends lands here.</summary>
public sealed class MailCatcher : IDisposable
{
    private readonly SimpleSmtpServer _server = SimpleSmtpServer.Start(FreePort());

    public int Port => _server.Configuration.Port;

    /// <summary>The mails received for <paramref name="recipient"/>, oldest first, as MIME messages.</summary>
    public IReadOnlyList<MimeMessage> To(string recipient) =>
        _server.ReceivedEmail
            .Where(mail => mail.ToAddresses.Any(address => string.Equals(address.Address, recipient, StringComparison.OrdinalIgnoreCase)))
            .Select(mail => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(mail.Data))))
            .ToList();

    /// <summary>A port nothing listens on: a mail server that is down.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => _server.Stop();
}
