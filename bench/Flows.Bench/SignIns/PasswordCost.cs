using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Flows.Bench.SignIns;

/// <summary>
/// What one password verification costs: the server verifies with ASP.NET Core Identity's PasswordHasher (V3,
/// PBKDF2-HMAC-SHA512) at its configured iterations, once per sign-in, so no machine can sign in more users per
/// second than its cores divided by that CPU time.
/// </summary>
internal sealed record PasswordCost(int Iterations, int Samples, TimeSpan CpuPerVerification, TimeSpan WallPerVerification)
{
    public int Cores { get; } = Environment.ProcessorCount;

    /// <summary>The most sign-ins per second the cores allow if they did nothing but verify passwords.</summary>
    public double SignInsPerSecondBound => Cores / CpuPerVerification.TotalSeconds;

    /// <summary>Times <paramref name="samples"/> verifications, one after the other on one thread, after one not counted.</summary>
    public static PasswordCost Measure(int iterations, int samples)
    {
        var hasher = CreateHasher(iterations);
        var user = new object();
        var password = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var hash = hasher.HashPassword(user, password);
        Verify(hasher, user, hash, password);

        // The process does nothing else meanwhile, so its CPU time is this thread's.
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < samples; i++)
        {
            Verify(hasher, user, hash, password);
        }

        var wall = Stopwatch.GetElapsedTime(started);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        return new PasswordCost(iterations, samples, cpu / samples, wall / samples);
    }

    /// <summary>
    /// Times <paramref name="samples"/> verifications on each of the cores at once: what a verification costs when
    /// every core hashes, as under a crowd. Two logical cores that share one physical core's units make this dearer
    /// than the one-thread timing, and the one-thread bound then promises more than the machine can give.
    /// </summary>
    public static PasswordCost MeasureOnEveryCore(int iterations, int samples)
    {
        var hasher = CreateHasher(iterations);
        var user = new object();
        var password = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var hash = hasher.HashPassword(user, password);
        Verify(hasher, user, hash, password);

        var cores = Environment.ProcessorCount;
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        Parallel.For(0, cores, new ParallelOptions { MaxDegreeOfParallelism = cores }, _ =>
        {
            for (var i = 0; i < samples; i++)
            {
                Verify(hasher, user, hash, password);
            }
        });

        var wall = Stopwatch.GetElapsedTime(started);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var verifications = cores * samples;
        return new PasswordCost(iterations, verifications, cpu / verifications, wall * cores / verifications);
    }

    /// <summary>The mean of two measurements, weighted by their samples.</summary>
    public static PasswordCost Combine(PasswordCost first, PasswordCost second)
    {
        var samples = first.Samples + second.Samples;
        TimeSpan Mean(TimeSpan a, TimeSpan b) => (a * first.Samples + b * second.Samples) / samples;
        return new PasswordCost(first.Iterations, samples,
            Mean(first.CpuPerVerification, second.CpuPerVerification), Mean(first.WallPerVerification, second.WallPerVerification));
    }

    private static PasswordHasher<object> CreateHasher(int iterations) => new(Options.Create(new PasswordHasherOptions
    {
        CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
        IterationCount = iterations,
    }));

    private static void Verify(PasswordHasher<object> hasher, object user, string hash, string password)
    {
        if (hasher.VerifyHashedPassword(user, hash, password) != PasswordVerificationResult.Success)
        {
            throw new InvalidOperationException("The password hasher refused its own hash.");
        }
    }
}
