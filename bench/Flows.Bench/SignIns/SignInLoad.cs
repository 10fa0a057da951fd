using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Flows.Bench.SignIns;

/// <summary>
/// <c>signins</c>: full sign-ins per second against a running server, next to the bound password hashing puts
/// on them. Prints one <c>key: value</c> line per result so scripts can pick them up.
/// </summary>
internal static class SignInLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (SignInLoadOptions.Parse(args) is not { } options)
        {
            return 2;
        }

        // Half the verifications before the load and half after, on a quiet client: the machine's speed drifts,
        // and the bound should be that of the time the sign-ins ran.
        var before = PasswordCost.Measure(options.Iterations, Math.Max(1, options.HashSamples / 2));

        using var http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false, // each browser keeps its own cookies
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        { Timeout = TimeSpan.FromSeconds(30) };

        // One sign-in first: a wrong secret or password should fail at once, not after the whole run.
        try
        {
            await new SignInBrowser(http, options, options.Users[0]).SignInAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is SignInFailure or HttpRequestException)
        {
            Console.Error.WriteLine($"signins: the first sign-in failed: {exception.Message}");
            return 1;
        }

        var warmup = await RunForAsync(http, options, options.Warmup);
        using var server = options.ServerProcessId is { } pid ? Process.GetProcessById(pid) : null;
        var serverCpuBefore = server?.TotalProcessorTime;
        var measured = await RunForAsync(http, options, options.Duration);
        server?.Refresh();
        var serverCpu = server?.TotalProcessorTime - serverCpuBefore;
        var after = PasswordCost.Measure(options.Iterations, Math.Max(1, options.HashSamples - before.Samples));
        var cost = PasswordCost.Combine(before, after);
        var perSecond = measured.Successes / measured.Elapsed.TotalSeconds;
        Console.WriteLine($"password verification: {cost.CpuPerVerification.TotalMilliseconds:F1} ms CPU " +
            $"({cost.WallPerVerification.TotalMilliseconds:F1} ms wall), PBKDF2-HMAC-SHA512 × {cost.Iterations}, " +
            $"mean of {cost.Samples} on one thread ({before.CpuPerVerification.TotalMilliseconds:F1} ms before the load, " +
            $"{after.CpuPerVerification.TotalMilliseconds:F1} ms after)");
        Console.WriteLine($"sign-in bound: {cost.SignInsPerSecondBound:F1} sign-ins/s ({cost.Cores} cores ÷ " +
            $"{cost.CpuPerVerification.TotalMilliseconds:F1} ms)");
        Console.WriteLine($"warm-up: {warmup.Successes} sign-ins in {warmup.Elapsed.TotalSeconds:F1} s (not counted)");
        Console.WriteLine($"sign-ins: {measured.Successes} in {measured.Elapsed.TotalSeconds:F1} s, {options.Concurrency} browsers, " +
            $"{options.Users.Count} users");
        Console.WriteLine($"sign-ins/s: {perSecond:F2}");
        Console.WriteLine($"failures: {measured.Failures.Values.Sum()}");
        foreach (var (kind, count) in measured.Failures.OrderByDescending(f => f.Value))
        {
            Console.WriteLine($"  {count} × {kind}");
        }

        if (measured.Successes > 0)
        {
            var latencies = new Percentiles(measured.Latencies);
            Console.WriteLine($"latency per sign-in: p50 {latencies.Median:F0} ms, p95 {latencies.P95:F0} ms, p99 {latencies.P99:F0} ms");
        }

        if (serverCpu is { } cpu && measured.Successes > 0)
        {
            var perSignIn = cpu.TotalMilliseconds / measured.Successes;
            Console.WriteLine($"server CPU per sign-in: {perSignIn:F1} ms (one verification {cost.CpuPerVerification.TotalMilliseconds:F1} ms, " +
                $"everything else {perSignIn - cost.CpuPerVerification.TotalMilliseconds:F1} ms)");
        }

        Console.WriteLine($"of bound: {100 * perSecond / cost.SignInsPerSecondBound:F1}%");
        return measured.Failures.Count == 0 ? 0 : 1;
    }

    /// <summary>Keeps <see cref="SignInLoadOptions.Concurrency"/> browsers signing in, one after another, for the duration.</summary>
    private static async Task<Run> RunForAsync(HttpClient http, SignInLoadOptions options, TimeSpan duration)
    {
        var run = new Run();
        if (duration <= TimeSpan.Zero)
        {
            return run;
        }

        var started = Stopwatch.GetTimestamp();
        using var stop = new CancellationTokenSource(duration);
        var workers = Enumerable.Range(0, options.Concurrency).Select(worker => Task.Run(async () =>
        {
            var username = options.Users[worker % options.Users.Count];
            while (!stop.IsCancellationRequested)
            {
                var began = Stopwatch.GetTimestamp();
                try
                {
                    // Not cancelled by the deadline: a sign-in under way finishes and counts.
                    await new SignInBrowser(http, options, username).SignInAsync(CancellationToken.None);
                    run.Succeeded(Stopwatch.GetElapsedTime(began));
                }
                catch (SignInFailure failure)
                {
                    run.Failed($"{failure.Step}: {failure.Message}");
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    run.Failed($"transport: {exception.GetType().Name}: {exception.Message}");
                }
            }
        }));
        await Task.WhenAll(workers);
        run.Elapsed = Stopwatch.GetElapsedTime(started);
        return run;
    }

    private sealed class Run
    {
        private int _successes;

        public int Successes => _successes;

        public ConcurrentBag<double> Latencies { get; } = [];

        public ConcurrentDictionary<string, int> Failures { get; } = new();

        public TimeSpan Elapsed { get; set; }

        public void Succeeded(TimeSpan latency)
        {
            Interlocked.Increment(ref _successes);
            Latencies.Add(latency.TotalMilliseconds);
        }

        // Failures are grouped by their message without ids, so a thousand alike read as one line.
        public void Failed(string kind) => Failures.AddOrUpdate(kind.Length > 160 ? kind[..160] : kind, 1, (_, n) => n + 1);
    }
}
