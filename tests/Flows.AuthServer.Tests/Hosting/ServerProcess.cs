using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Flows.AuthServer.Tests.Support;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>
/// The built server as a process of its own on 127.0.0.1 (a node of a cluster), configured by environment variables,
/// started from the server's content root. Disposing stops the process this started.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    /// <summary>The last lines the server printed, for a failing test's message.</summary>
    public string Output
    {
        get
        {
            lock (_lastLines)
            {
                return string.Join('\n', _lastLines);
            }
        }
    }

    /// <summary>A port nothing listens on now, to start a server on (and to name in its public URL beforehand).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the server on <paramref name="port"/> with <paramref name="settings"/> (as <c>Flows__…</c> variables) and waits until it is ready.</summary>
    public static async Task<ServerProcess> StartAsync(int port, IReadOnlyDictionary<string, string> settings)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Flows.AuthServer.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            // The content root, as with dotnet run: the shipped flows are found from it.
            WorkingDirectory = ServerServices.ServerContentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var server = new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException("The server did not start."), baseAddress);
        server._process.OutputDataReceived += (_, line) => server.Keep(line.Data);
        server._process.ErrorDataReceived += (_, line) => server.Keep(line.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        await server.WaitUntilReadyAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout && !_process.HasExited)
        {
            try
            {
                if ((await http.GetAsync("/readyz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException($"The server at {BaseAddress} did not become ready:\n{Output}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 50)
            {
                _lastLines.Dequeue();
            }
        }
    }
}
