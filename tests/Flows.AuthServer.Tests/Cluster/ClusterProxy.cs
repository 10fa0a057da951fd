using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Flows.AuthServer.Tests.Addressing;
using Flows.Testing;

namespace Flows.AuthServer.Tests.Cluster;

/// <summary>
/// Debian's nginx running <c>examples/cluster/nginx.conf</c> as a process of the test (not as root), with only its three
/// ports replaced: its own and the two nodes'.
/// </summary>
public sealed class ClusterProxy : IAsyncDisposable
{
    /// <summary>The request header the example routes by: "1" or "2" sends the request to that node.</summary>
    public const string NodeHeader = "X-Flows-Node";

    /// <summary>The response header naming the node that answered.</summary>
    public const string UpstreamHeader = "X-Flows-Upstream";

    private readonly string _directory;
    private readonly Process _process;

    private ClusterProxy(string directory, Process process)
    {
        _directory = directory;
        _process = process;
    }

    public static async Task<ClusterProxy> StartAsync(int port, int node1, int node2)
    {
        Assert.True(File.Exists(NginxProxy.Executable), $"{NginxProxy.Executable} is missing: run scripts/install-tools.sh.");
        var directory = Directory.CreateTempSubdirectory("flows-cluster-nginx-").FullName;

        // Writable by the unprivileged user nginx runs as when the tests run as root.
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_111_111);
        var example = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "examples", "cluster", "nginx.conf"));
        var site = example
            .Replace("127.0.0.1:5000", $"127.0.0.1:{port}", StringComparison.Ordinal)
            .Replace("127.0.0.1:5001", $"127.0.0.1:{node1}", StringComparison.Ordinal)
            .Replace("127.0.0.1:5002", $"127.0.0.1:{node2}", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(directory, "cluster.conf"), site);
        await File.WriteAllTextAsync(Path.Combine(directory, "nginx.conf"), $$"""
            daemon off;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log;
            events {}
            http {
                access_log {{directory}}/access.log;
                client_body_temp_path {{directory}}/client_body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
                include {{directory}}/cluster.conf;
            }
            """);

        string[] arguments = ["-p", directory, "-c", Path.Combine(directory, "nginx.conf"), "-e", Path.Combine(directory, "error.log")];
        var start = Environment.IsPrivilegedProcess
            ? new ProcessStartInfo("setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", NginxProxy.Executable, .. arguments])
            : new ProcessStartInfo(NginxProxy.Executable, arguments);
        start.UseShellExecute = false;
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        var proxy = new ClusterProxy(directory, Process.Start(start)!);
        await proxy.WaitUntilListeningAsync(port);
        return proxy;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        for (var waited = 0; waited < 100; waited++)
        {
            if (_process.HasExited)
            {
                var log = Path.Combine(_directory, "error.log");
                throw new InvalidOperationException($"nginx stopped: {await _process.StandardError.ReadToEndAsync()} {(File.Exists(log) ? await File.ReadAllTextAsync(log) : "")}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException("nginx did not listen within 10 s.");
    }
}
