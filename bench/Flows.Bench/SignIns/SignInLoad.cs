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
    // How long a row's browsers sign in before its window opens: by then every hashing thread has a queue.
    private static readonly TimeSpan Settling = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(string[] args)
    {
        if (SignInLoadOptions.Parse(args) is not { } options)
        {
            return 2;
        }

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

        var warmup = await RunForAsync(http, options, options.ConcurrencyLevels[0], TimeSpan.Zero, options.Warmup);
        using var server = options.ServerProcessId is { } pid ? Process.GetProcessById(pid) : null;
        var levels = new List<Level>();
        foreach (var concurrency in options.ConcurrencyLevels)
        {
            levels.Add(await MeasureLevelAsync(http, options, server, concurrency, probed: false));
        }

        if (options.ProbeAt is { } probeAt)
        {
            levels.Add(await MeasureLevelAsync(http, options, server, probeAt, probed: true));
        }

        var cost = levels.Select(level => level.Bound).Aggregate(PasswordCost.Combine);
        var everyCore = PasswordCost.MeasureOnEveryCore(options.Iterations, Math.Max(1, options.HashSamples / 2));
        Console.WriteLine($"password verification: {cost.CpuPerVerification.TotalMilliseconds:F1} ms CPU " +
            $"({cost.WallPerVerification.TotalMilliseconds:F1} ms wall), PBKDF2-HMAC-SHA512 × {cost.Iterations}, " +
            $"mean of {cost.Samples} on one thread, timed right before and after each row " +
            $"({string.Join(", ", levels.Select(level => $"{level.Bound.CpuPerVerification.TotalMilliseconds:F1} ms at {level.Concurrency}"))})");
        Console.WriteLine($"sign-in bound: {cost.SignInsPerSecondBound:F1} sign-ins/s ({cost.Cores} cores ÷ " +
            $"{cost.CpuPerVerification.TotalMilliseconds:F1} ms); each row is compared with its own");
        Console.WriteLine($"every core hashing: {everyCore.CpuPerVerification.TotalMilliseconds:F1} ms CPU per verification " +
            $"with {everyCore.Cores} at once, {everyCore.Samples} in all: at most {everyCore.SignInsPerSecondBound:F1} sign-ins/s " +
            $"({100 * everyCore.SignInsPerSecondBound / cost.SignInsPerSecondBound:F1}% of the bound)");
        Console.WriteLine($"warm-up: {warmup.Successes} sign-ins in {warmup.Elapsed.TotalSeconds:F1} s at " +
            $"{options.ConcurrencyLevels[0]} browsers (not counted)");
        Console.WriteLine($"users: {options.Users.Count}, {options.Duration.TotalSeconds:F0} s per row");
        Console.WriteLine($"{"browsers",8} {"sign-ins/s",11} {"bound",7} {"of bound",9} {"in-row",7} {"of it",7} {"p50 ms",8} {"p99 ms",8} {"CPU/sign-in",12} {"not hashing",12} {"load tool",12} {"failures",9}");
        foreach (var level in levels)
        {
            level.Print();
        }

        foreach (var level in levels)
        {
            level.PrintFailures();
        }

        if (levels.FirstOrDefault(l => l.Probes is not null) is { Probes: { } probes } probed)
        {
            Console.WriteLine($"side endpoints while {probed.Concurrency} browsers sign in (one request at a time; the row '{probed.Label.Trim()}'):");
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

    /// <summary>
    /// One measured run at <paramref name="concurrency"/> browsers, with the side probes where asked, and the bound
    /// of that moment: half its verifications right before the run and half right after, on a quiet client, since
    /// the machine's speed drifts over minutes and a row is to be compared with the machine it ran on. The server's
    /// CPU and the probes cover the measured window only.
    /// </summary>
    private static async Task<Level> MeasureLevelAsync(HttpClient http, SignInLoadOptions options, Process? server, int concurrency, bool probed)
    {
        var boundBefore = PasswordCost.Measure(options.Iterations, Math.Max(1, options.HashSamples / 2));
        CpuAccount? cpuAtOpen = null, cpu = null;
        SideProbes? probes = probed ? new SideProbes(http, options) : null;
        var probing = Task.CompletedTask;
        using var stopProbing = new CancellationTokenSource();

        var run = await RunForAsync(http, options, concurrency, Settling, options.Duration,
            opened: () =>
            {
                cpuAtOpen = server is null ? null : CpuAccount.Read(server);
                probing = probes?.RunAsync(stopProbing.Token) ?? Task.CompletedTask;
            },
            closed: () =>
            {
                cpu = server is null ? null : CpuAccount.Read(server).Since(cpuAtOpen!);
                stopProbing.Cancel();
            });
        await probing;
        var boundAfter = PasswordCost.Measure(options.Iterations, Math.Max(1, options.HashSamples - boundBefore.Samples));
        return new Level(concurrency, run, cpu, probes, PasswordCost.Combine(boundBefore, boundAfter));
    }

    /// <summary>One row of the table: a count of browsers, what they achieved, and the bound timed around them.</summary>
    private sealed record Level(int Concurrency, Run Run, CpuAccount? Cpu, SideProbes? Probes, PasswordCost Bound)
    {
        /// <summary>The row's name in the table: its browsers, and "+side" when the side probes ran beside them.</summary>
        public string Label => Probes is null ? $"{Concurrency,8}" : $"{Concurrency + "+side",8}";

        public void Print()
        {
            var perSecond = Run.Successes / Run.Elapsed.TotalSeconds;
            var latencies = Run.Successes > 0 ? new Percentiles(Run.Latencies) : null;
            string PerSignIn(TimeSpan? cpu) => cpu is { } spent && Run.Successes > 0 ? $"{spent.TotalMilliseconds / Run.Successes:F1} ms" : "–";
            var inRow = InRowBound();
            Console.WriteLine($"{Label} {perSecond,11:F2} {Bound.SignInsPerSecondBound,7:F1} {100 * perSecond / Bound.SignInsPerSecondBound,8:F1}% " +
                $"{(inRow is { } b ? $"{b,7:F1} {100 * perSecond / b,6:F1}%" : $"{"–",7} {"–",7}")} " +
                $"{latencies?.Median ?? 0,8:F0} {latencies?.P99 ?? 0,8:F0} {PerSignIn(Cpu?.Server),12} " +
                $"{PerSignIn(Cpu?.Server - Cpu?.ServerHashing),12} {PerSignIn(Cpu?.LoadTool),12} {Run.Failures.Values.Sum(),9}");
        }

        /// <summary>
        /// The bound as the server's own hashing threads met it during the window: cores ÷ their CPU per sign-in (one
        /// verification each). It moves with the machine second by second, which a timing before and after cannot.
        /// </summary>
        private double? InRowBound() =>
            Cpu?.ServerHashing is { } hashing && Run.Successes > 0 && hashing > TimeSpan.Zero
                ? Bound.Cores / (hashing.TotalSeconds / Run.Successes)
                : null;

        public void PrintFailures()
        {
            foreach (var (kind, count) in Run.Failures.OrderByDescending(f => f.Value))
            {
                Console.WriteLine($"  at {Label.Trim()} browsers: {count} × {kind}");
            }
        }
    }

    /// <summary>
    /// Keeps <paramref name="concurrency"/> browsers signing in, one after another, and counts the sign-ins that end
    /// in the window of <paramref name="duration"/> that opens once they have run for <paramref name="settling"/>: the
    /// crowd's steady state, without the start (every browser at its first step at once) or the end (fewer and fewer
    /// browsers as the last sign-ins finish), which no real crowd has.
    /// </summary>
    private static async Task<Run> RunForAsync(
        HttpClient http, SignInLoadOptions options, int concurrency, TimeSpan settling, TimeSpan duration,
        Action? opened = null, Action? closed = null)
    {
        var run = new Run();
        if (duration <= TimeSpan.Zero)
        {
            return run;
        }

        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var username = options.Users[worker % options.Users.Count];
            while (!stop.IsCancellationRequested)
            {
                var began = Stopwatch.GetTimestamp();
                try
                {
                    // Not cancelled when the window closes: a sign-in under way finishes, uncounted.
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
        })).ToList();

        await Task.Delay(settling);
        run.Open();
        opened?.Invoke();
        await Task.Delay(duration);
        run.Close();
        closed?.Invoke();
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        return run;
    }

    /// <summary>What ended inside the measured window: sign-ins, their latencies, failures by kind.</summary>
    private sealed class Run
    {
        private int _successes;
        private long _openedAt;
        private volatile bool _counting;

        public int Successes => _successes;

        public ConcurrentBag<double> Latencies { get; } = [];

        public ConcurrentDictionary<string, int> Failures { get; } = new();

        public TimeSpan Elapsed { get; private set; }

        public void Open()
        {
            _openedAt = Stopwatch.GetTimestamp();
            _counting = true;
        }

        public void Close()
        {
            _counting = false;
            Elapsed = Stopwatch.GetElapsedTime(_openedAt);
        }

        public void Succeeded(TimeSpan latency)
        {
            if (_counting)
            {
                Interlocked.Increment(ref _successes);
                Latencies.Add(latency.TotalMilliseconds);
            }
        }

        // Failures count wherever they happen, and are grouped by their message without ids, so a thousand alike read
        // as one line.
        public void Failed(string kind) => Failures.AddOrUpdate(kind.Length > 160 ? kind[..160] : kind, 1, (_, n) => n + 1);
    }
}
