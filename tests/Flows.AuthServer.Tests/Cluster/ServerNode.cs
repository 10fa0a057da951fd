using System.Diagnostics;
using System.Net;
using System.Text;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Support;
using Flows.Engine.Hosting;

namespace Flows.AuthServer.Tests.Cluster;

/// <summary>
/// The built server (<c>Flows.AuthServer.dll</c>) as a process of its own, as an operator runs a node: on a port of
/// 127.0.0.1, on the shared database, with the test environment imported and the public URL of the proxy.
/// </summary>
public sealed class ServerNode : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerNode(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    /// <summary>What the node printed so far, for a failing test's message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<ServerNode> StartAsync(int port, FlowsDatabaseOptions database, Uri publicUrl, string secretsDirectory)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Flows.AuthServer.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = ServerServices.ServerContentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Flows__Database__Provider"] = database.Provider;
        start.Environment["Flows__Database__ConnectionString"] = database.ConnectionString;
        start.Environment["Flows__PublicUrl"] = publicUrl.GetLeftPart(UriPartial.Authority);
        start.Environment["Flows__Import__0"] = Path.Combine(AppContext.BaseDirectory, "environments", "test.json");
        start.Environment["Flows__Admin__Username"] = ManagementServerFixture.AdminUsername;
        start.Environment["Flows__Admin__Password"] = ManagementServerFixture.AdminPassword;
        start.Environment["Flows__Admin__ClientSecret"] = ManagementServerFixture.AdminClientSecret;
        start.Environment["Flows__Secrets__Directory"] = secretsDirectory;
        start.Environment["Flows__Passwords__Iterations"] = "1000";

        var node = new ServerNode(Process.Start(start) ?? throw new InvalidOperationException("The server did not start."), new Uri($"http://127.0.0.1:{port}"));
        node._process.OutputDataReceived += (_, line) => node.Append(line.Data);
        node._process.ErrorDataReceived += (_, line) => node.Append(line.Data);
        node._process.BeginOutputReadLine();
        node._process.BeginErrorReadLine();
        await node.WaitUntilReadyAsync();
        return node;
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
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The node on {Address} stopped:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync("/readyz");
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

        throw new TimeoutException($"The node on {Address} was not ready within {StartTimeout.TotalMinutes} minutes:\n{Output}");
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
