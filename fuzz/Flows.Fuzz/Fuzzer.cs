using System.Diagnostics;
using System.Net.Sockets;

namespace Flows.Fuzz;

/// <summary>How long and how hard to fuzz.</summary>
public sealed record FuzzOptions
{
    public int Seed { get; init; } = 1;

    /// <summary>Stop after this many requests (with <see cref="Duration"/>, whichever comes first).</summary>
    public long? Requests { get; init; }

    public TimeSpan? Duration { get; init; }

    /// <summary>Workers sending at once; each has its own random sequence (seed + worker).</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>Each worker obtains fresh material after this many of its requests (fuzzing uses codes and flows up).</summary>
    public int RefreshEvery { get; init; } = 200;
}

/// <summary>
/// Sends generated requests to every endpoint in turn (round robin over <see cref="ProtocolEndpoints"/> and
/// <see cref="ManagementEndpoints"/>) and records each answer's status class.
/// </summary>
public sealed class Fuzzer(FuzzTarget target, FuzzOptions options)
{
    public static IReadOnlyList<FuzzEndpoint> Endpoints { get; } = [.. ProtocolEndpoints.All, .. ManagementEndpoints.All];

    public async Task<FuzzReport> RunAsync(CancellationToken cancellationToken = default)
    {
        if (options.Requests is null && options.Duration is null)
        {
            throw new ArgumentException("A fuzzing run needs a number of requests or a duration.", nameof(options));
        }

        var report = new FuzzReport();
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, options.Concurrency).Select(worker => Task.Run(() => WorkAsync(worker, report, clock, cancellationToken), cancellationToken));
        await Task.WhenAll(workers);
        return report;
    }

    private async Task WorkAsync(int worker, FuzzReport report, Stopwatch clock, CancellationToken cancellationToken)
    {
        var values = new FuzzValues(new Random(options.Seed * 7_919 + worker));
        var generator = new RequestGenerator(target, values);
        var setup = new FuzzSetup(target);
        var material = new FuzzMaterial();
        for (long i = 0; !IsDone(i, clock) && !cancellationToken.IsCancellationRequested; i++)
        {
            if (i % options.RefreshEvery == 0)
            {
                material = await setup.ObtainAsync(cancellationToken);
                report.RecordSetup(material);
            }

            // Every worker goes round all the endpoints, each from its own starting point.
            var endpoint = Endpoints[(int)((i + worker * Endpoints.Count / options.Concurrency) % Endpoints.Count)];
            var request = generator.Next(endpoint, material);
            try
            {
                report.Record(endpoint.Name, request, await RawHttp.SendAsync(target.EndPoint, request, target.Timeout, cancellationToken));
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                report.Record(endpoint.Name, request, response: null, exception.GetType().Name);
            }
        }
    }

    // Requests are shared out among the workers: each stops at its share.
    private bool IsDone(long sentByWorker, Stopwatch clock) =>
        (options.Requests is { } requests && sentByWorker * options.Concurrency >= requests)
        || (options.Duration is { } duration && clock.Elapsed >= duration);
}
