using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Operations;

/// <summary>
/// With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, the server sends its traces, metrics and logs over OTLP (HTTP and
/// protobuf here) to that collector: a listener of the test that keeps what it receives.
/// </summary>
public sealed class OtlpExportTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly HttpListener _collector = new();
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();
    private readonly CancellationTokenSource _stop = new();
    private ExportingServer _server = null!;

    public async Task InitializeAsync()
    {
        var endpoint = $"http://127.0.0.1:{FreePort()}";
        _collector.Prefixes.Add(endpoint + "/");
        _collector.Start();
        _ = Task.Run(CollectAsync);
        _server = new ExportingServer(endpoint);
        await ((IAsyncLifetime)_server).InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_server).DisposeAsync();
        _stop.Cancel();
        _collector.Close();
    }

    [Fact]
    public async Task A_sign_in_is_exported_as_spans_metrics_and_logs_to_the_collector()
    {
        using var browser = new Browser(_server.BaseAddress);
        await SignIn.RunAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()), Bob, BobPassword);

        // Protobuf keeps strings as they are: the names show in the bytes.
        await WaitForAsync("/v1/traces", "flow step");
        await WaitForAsync("/v1/traces", "flows.activity");
        await WaitForAsync("/v1/metrics", "flows.sign_ins");
        await WaitForAsync("/v1/metrics", "flows.flow.step.duration");
        await WaitForAsync("/v1/logs", "Flows.");
    }

    private async Task WaitForAsync(string path, string text)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!_received.Any(request => request.Path == path && Encoding.UTF8.GetString(request.Body).Contains(text, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"No {path} export containing '{text}' within {Patience.TotalSeconds} s; received: {string.Join(", ", _received.Select(r => r.Path).Distinct())}");
            await Task.Delay(100);
        }
    }

    private async Task CollectAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _collector.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested || !_collector.IsListening)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The real server exporting to the collector, in short intervals so the test need not wait long.</summary>
    private sealed class ExportingServer(string endpoint) : ServerFixture
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
            builder.UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
            builder.UseSetting("OTEL_BSP_SCHEDULE_DELAY", "100");
            builder.UseSetting("OTEL_BLRP_SCHEDULE_DELAY", "100");
            builder.UseSetting("OTEL_METRIC_EXPORT_INTERVAL", "200");
        }
    }
}
