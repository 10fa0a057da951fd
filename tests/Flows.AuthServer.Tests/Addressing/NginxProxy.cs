using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Flows.AuthServer.Tests.Hosting;
using Flows.Testing;

namespace Flows.AuthServer.Tests.Addressing;

/// <summary>
/// Debian's nginx (scripts/install-tools.sh) running <c>examples/nginx/flows.conf</c> as a process of the test, not as
/// root, on 127.0.0.1 at a free port with a self-signed certificate made by openssl, proxying to a server on loopback.
/// Only the example's port, certificate and upstream are replaced.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/nginx";

    private readonly string _directory;
    private readonly Process _process;

    private NginxProxy(string directory, Process process, int port)
    {
        _directory = directory;
        _process = process;
        BaseAddress = new Uri($"https://127.0.0.1:{port}");
    }

    public Uri BaseAddress { get; }

    public static async Task<NginxProxy> StartAsync(Uri upstream)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: run scripts/install-tools.sh.");
        var directory = Directory.CreateTempSubdirectory("flows-nginx-").FullName;

        // Writable by the unprivileged user nginx runs as when the tests run as root (its logs and buffers go here).
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_111_111);
        var certificate = Path.Combine(directory, "proxy.crt");
        var key = Path.Combine(directory, "proxy.key");
        var (exitCode, _, errors) = await ExternalProcess.RunAsync(new ProcessStartInfo("openssl",
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
             "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate]), TimeSpan.FromSeconds(60), "openssl");
        Assert.True(exitCode == 0, errors);
        File.SetUnixFileMode(key, (UnixFileMode)0b110_100_100);

        var port = FreePort();
        var example = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "examples", "nginx", "flows.conf"));
        var site = example
            .Replace("listen 443 ssl;", $"listen 127.0.0.1:{port} ssl;", StringComparison.Ordinal)
            .Replace("/etc/ssl/certs/login.example.com.crt", certificate, StringComparison.Ordinal)
            .Replace("/etc/ssl/private/login.example.com.key", key, StringComparison.Ordinal)
            .Replace("proxy_pass http://127.0.0.1:5000;", $"proxy_pass http://127.0.0.1:{upstream.Port};", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(directory, "flows.conf"), site);
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
                include {{directory}}/flows.conf;
            }
            """);

        string[] arguments = ["-p", directory, "-c", Path.Combine(directory, "nginx.conf"), "-e", Path.Combine(directory, "error.log")];
        var start = Environment.IsPrivilegedProcess
            ? new ProcessStartInfo("setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", Executable, .. arguments])
            : new ProcessStartInfo(Executable, arguments);
        start.UseShellExecute = false;
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        var process = Process.Start(start)!;
        var proxy = new NginxProxy(directory, process, port);
        await proxy.WaitUntilListeningAsync(port);
        return proxy;
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
