using System.Net;
using System.Net.Sockets;

namespace Flows.AuthServer.Tests.Messaging;

/// <summary>
/// A mail server that is slow to answer: each connection to it on 127.0.0.1 waits <see cref="Delay"/> before it is
/// joined to the mail catcher. A request that sent its mail itself would take at least that long.
/// </summary>
public sealed class SlowMailRelay : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly int _targetPort;

    public SlowMailRelay(int targetPort, TimeSpan delay)
    {
        _targetPort = targetPort;
        Delay = delay;
        _listener.Start();
        _ = AcceptAsync();
    }

    public TimeSpan Delay { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var target = new TcpClient())
        {
            try
            {
                await Task.Delay(Delay, _stopping.Token);
                await target.ConnectAsync(IPAddress.Loopback, _targetPort, _stopping.Token);
                var fromClient = client.GetStream().CopyToAsync(target.GetStream(), _stopping.Token);
                var toClient = target.GetStream().CopyToAsync(client.GetStream(), _stopping.Token);
                await Task.WhenAny(fromClient, toClient);
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException)
            {
                // The relay is stopping or a side hung up: the connection ends, as a real server's would.
            }
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Stop();
        _stopping.Dispose();
    }
}
