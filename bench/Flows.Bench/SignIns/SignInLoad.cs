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

        var warmup = await RunForAsync(http, options, options.ConcurrencyLevels[0], options.Warmup);
        using var server = options.ServerProcessId is { } pid ? Process.GetProcessById(pid) : null;
        var levels = new List<Level>();
        foreach (var concurrency in options.ConcurrencyLevels)
        {
            levels.Add(await MeasureLevelAsync(http, options, server, concurrency));
        }

        var after = PasswordCost.Measure(options.Iterations, Math.Max(1, options.HashSamples - before.Samples));
        var cost = PasswordCost.Combine(before, after);
        var everyCore = PasswordCost.MeasureOnEveryCore(options.Iterations, Math.Max(1, options.HashSamples / 2));
        Console.WriteLine($"password verification: {cost.CpuPerVerification.TotalMilliseconds:F1} ms CPU " +
            $"({cost.WallPerVerification.TotalMilliseconds:F1} ms wall), PBKDF2-HMAC-SHA512 × {cost.Iterations}, " +
            $"mean of {cost.Samples} on one thread ({before.CpuPerVerification.TotalMilliseconds:F1} ms before the load, " +
            $"{after.CpuPerVerification.TotalMilliseconds:F1} ms after)");
        Console.WriteLine($"sign-in bound: {cost.SignInsPerSecondBound:F1} sign-ins/s ({cost.Cores} cores ÷ " +
            $"{cost.CpuPerVerification.TotalMilliseconds:F1} ms)");
        Console.WriteLine($"every core hashing: {everyCore.CpuPerVerification.TotalMilliseconds:F1} ms CPU per verification " +
            $"with {everyCore.Cores} at once, {everyCore.Samples} in all: at most {everyCore.SignInsPerSecondBound:F1} sign-ins/s " +
            $"({100 * everyCore.SignInsPerSecondBound / cost.SignInsPerSecondBound:F1}% of the bound)");
        Console.WriteLine($"warm-up: {warmup.Successes} sign-ins in {warmup.Elapsed.TotalSeconds:F1} s at " +
            $"{options.ConcurrencyLevels[0]} browsers (not counted)");
        Console.WriteLine($"users: {options.Users.Count}, {options.Duration.TotalSeconds:F0} s per row");
        Console.WriteLine($"{"browsers",8} {"sign-ins/s",11} {"of bound",9} {"p50 ms",8} {"p99 ms",8} {"CPU/sign-in",12} {"not hashing",12} {"load tool",12} {"failures",9}");
        foreach (var level in levels)
        {
            level.Print(cost);
        }

        foreach (var level in levels)
        {
            level.PrintFailures();
        }

        if (levels.FirstOrDefault(l => l.Probes is not null) is { Probes: { } probes } probed)
        {
            Console.WriteLine($"side endpoints while {probed.Concurrency} browsers sign in (one request at a time):");
            foreach (var name in new[] { SideProbes.Discovery, SideProbes.FlowRead, SideProbes.ClientCredentials })
            {
                if (probes.Latencies.TryGetValue(name, out var latencies) && latencies.Count > 0)
                {
                    var percentiles = new Percentiles(latencies);
                    Console.WriteLine($"side {name}: p50 {percentiles.Median:F1} ms, p99 {percentiles.P99:F1} ms, {latencies.Count} requests");
                }
            }

            Console.WriteLine($"side failures: {probes.Failures}");
        }

        return levels.All(l => l.Run.Failures.Count == 0) && levels.All(l => l.Probes is not { Failures: > 0 }) ? 0 : 1;
    }

    /// <summary>One measured run at <paramref name="concurrency"/> browsers, with the side probes where asked.</summary>
    private static async Task<Level> MeasureLevelAsync(HttpClient http, SignInLoadOptions options, Process? server, int concurrency)
    {
        var cpuBefore = server is null ? null : CpuAccount.Read(server);
        SideProbes? probes = null;
        Task probing = Task.CompletedTask;
        using var stopProbing = new CancellationTokenSource();
        if (options.ProbeAt == concurrency)
        {
            probes = new SideProbes(http, options);
            probing = probes.RunAsync(stopProbing.Token);
        }

        var run = await RunForAsync(http, options, concurrency, options.Duration);
        await stopProbing.CancelAsync();
        await probing;
        return new Level(concurrency, run, server is null ? null : CpuAccount.Read(server).Since(cpuBefore!), probes);
    }

    /// <summary>One row of the table: a count of browsers and what they achieved.</summary>
    private sealed record Level(int Concurrency, Run Run, CpuAccount? Cpu, SideProbes? Probes)
    {
        public void Print(PasswordCost cost)
        {
            var perSecond = Run.Successes / Run.Elapsed.TotalSeconds;
            var latencies = Run.Successes > 0 ? new Percentiles(Run.Latencies) : null;
            string PerSignIn(TimeSpan? cpu) => cpu is { } spent && Run.Successes > 0 ? $"{spent.TotalMilliseconds / Run.Successes:F1} ms" : "–";
            Console.WriteLine($"{Concurrency,8} {perSecond,11:F2} {100 * perSecond / cost.SignInsPerSecondBound,8:F1}% " +
                $"{latencies?.Median ?? 0,8:F0} {latencies?.P99 ?? 0,8:F0} {PerSignIn(Cpu?.Server),12} " +
                $"{PerSignIn(Cpu?.Server - Cpu?.ServerHashing),12} {PerSignIn(Cpu?.LoadTool),12} {Run.Failures.Values.Sum(),9}");
        }

        public void PrintFailures()
        {
            foreach (var (kind, count) in Run.Failures.OrderByDescending(f => f.Value))
            {
                Console.WriteLine($"  at {Concurrency} browsers: {count} × {kind}");
            }
        }
    }

    /// <summary>Keeps <paramref name="concurrency"/> browsers signing in, one after another, for the duration.</summary>
    private static async Task<Run> RunForAsync(HttpClient http, SignInLoadOptions options, int concurrency, TimeSpan duration)
    {
        var run = new Run();
        if (duration <= TimeSpan.Zero)
        {
            return run;
        }

        var started = Stopwatch.GetTimestamp();
        using var stop = new CancellationTokenSource(duration);
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
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
