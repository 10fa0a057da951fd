using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Flows.Bench.SignIns;

/// <summary>
/// What a crowd signing in does to everyone else: one client, apart from the browsers, asks in turn for the
/// discovery document, a waiting flow and a client_credentials token, one request at a time with a short pause,
/// and keeps each request's latency. None of these hashes a password, so each should stay fast whatever the
/// password hashing is doing.
/// </summary>
internal sealed class SideProbes(HttpClient http, SignInLoadOptions options)
{
    public const string Discovery = "discovery";
    public const string FlowRead = "flow GET";
    public const string ClientCredentials = "client_credentials token";

    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(10);

    private readonly ConcurrentDictionary<string, List<double>> _latencies = new();
    private readonly ConcurrentDictionary<string, int> _failures = new();

    /// <summary>Latencies in milliseconds, by probe.</summary>
    public IReadOnlyDictionary<string, List<double>> Latencies => _latencies;

    public int Failures => _failures.Values.Sum();

    /// <summary>Probes until <paramref name="stop"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var browser = new SignInBrowser(http, options, options.Users[0]);
        var flowId = await browser.StartAsync(CancellationToken.None);
        var probes = new (string Name, Func<Task> Send)[]
        {
            (Discovery, () => GetDiscoveryAsync()),
            (FlowRead, () => browser.ReadFlowAsync(flowId, CancellationToken.None)),
            (ClientCredentials, () => RequestTokenAsync()),
        };

        for (var turn = 0; !stop.IsCancellationRequested; turn++)
        {
            var (name, send) = probes[turn % probes.Length];
            var began = Stopwatch.GetTimestamp();
            try
            {
                await send();
                _latencies.GetOrAdd(name, _ => []).Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
            }
            catch (Exception exception) when (exception is SignInFailure or HttpRequestException or TaskCanceledException)
            {
                _failures.AddOrUpdate(name, 1, (_, n) => n + 1);
            }

            await Task.Delay(Pause, CancellationToken.None);
        }
    }

    private async Task GetDiscoveryAsync()
    {
        using var response = await http.GetAsync(new Uri(options.BaseUri, $"{options.Environment}/as/.well-known/openid-configuration"));
        await response.Content.ReadAsStringAsync();
        Expect(Discovery, response, HttpStatusCode.OK);
    }

    private async Task RequestTokenAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.BaseUri, $"{options.Environment}/as/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };

        // RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined.
        var credentials = $"{Uri.EscapeDataString(options.ServiceClientId!)}:{Uri.EscapeDataString(options.ServiceClientSecret!)}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsStringAsync();
        Expect(ClientCredentials, response, HttpStatusCode.OK);
    }

    private static void Expect(string probe, HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            throw new SignInFailure(probe, $"HTTP {(int)response.StatusCode}");
        }
    }
}
