using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Flows.Bench.Instances;

/// <summary>
/// The real server (its Release build) as a process of its own on 127.0.0.1, on the given database, with the
/// bench environment imported and a known admin client secret. Disposing stops the process this started.
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    private BenchServer(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public static async Task<BenchServer> StartAsync(string root, string provider, string connectionString, string environmentFile, string adminSecret)
    {
        var project = Path.Combine(root, "src", "Flows.AuthServer");
        var assembly = Path.Combine(project, "bin", "Release", "net10.0", "Flows.AuthServer.dll");
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException("Build the server first: dotnet build -c Release src/Flows.AuthServer", assembly);
        }

        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo("dotnet", [assembly, "--urls", baseAddress.ToString().TrimEnd('/')])
        {
            // The content root, as with dotnet run: static files and relative paths resolve as they do in production.
            WorkingDirectory = project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Flows__Database__Provider"] = provider;
        start.Environment["Flows__Database__ConnectionString"] = connectionString;
        start.Environment["Flows__Import__0"] = environmentFile;
        start.Environment["Flows__Admin__ClientSecret"] = adminSecret;
        start.Environment["Flows__Admin__Password"] = adminSecret;

        // Every request comes from one address with one token: the limits would measure themselves.
        start.Environment["Flows__RateLimiting__Enabled"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        var server = new BenchServer(Process.Start(start)!, baseAddress);
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
        while (deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (_process.HasExited)
            {
                break;
            }

            try
            {
                using var response = await http.GetAsync("/");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException($"The server did not start. Its last output:{Environment.NewLine}{string.Join(Environment.NewLine, _lastLines)}");
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
            while (_lastLines.Count > 40)
            {
                _lastLines.Dequeue();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
