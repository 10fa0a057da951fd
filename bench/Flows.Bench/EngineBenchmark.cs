using System.Diagnostics;
using Flows.Activities;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Definitions;
using Flows.Engine.Hosting;
using Flows.Engine.Instances;
using Flows.Engine.Persistence;
using Flows.Engine.Runtime;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace Flows.Bench;

/// <summary>
/// Engine benchmark: the password-then-otp flow (start, password, OTP) against a SQLite file, one flow at a
/// time, as one request each. Reports the median engine + store cost per step.
/// </summary>
internal static class EngineBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var iterations = args.Length > 0 ? int.Parse(args[0]) : 3000;
        const int Warmup = 300;
        const string Environment = "bench";

        var root = FindRoot();
        var databasePath = Path.Combine(Path.GetTempPath(), $"flows-bench-{Guid.NewGuid():N}.db");
        var services = new ServiceCollection();
        services.AddSingleton<IUserDirectory, BenchUserDirectory>();
        services.AddFlowsEngine(
            new FlowsDatabaseOptions { Provider = FlowsDatabaseProviders.Sqlite, ConnectionString = $"Data Source={databasePath}" },
            FlowsActivityCatalog.Types);
        await using var provider = services.BuildServiceProvider();
        await FlowsDatabase.MigrateAsync(provider);
        await InScope(s => s.GetRequiredService<FlowPublisher>().PublishAsync(
            Environment, FlowDefinitionLoader.LoadFile(Path.Combine(root, "workflows", "password-then-otp.json"))));

        var totp = new Totp(BenchUserDirectory.TotpSecret);
        var password = FlowAction.Create(FlowActions.UsernamePasswordCheck, new { username = BenchUserDirectory.Username, password = BenchUserDirectory.Password });
        var start = new List<double>();
        var resumePassword = new List<double>();
        var resumeOtp = new List<double>();
        var whole = new List<double>();

        for (var i = 0; i < Warmup + iterations; i++)
        {
            var otp = FlowAction.Create(FlowActions.OtpCheck, new { otp = totp.ComputeTotp() });
            var t0 = Stopwatch.GetTimestamp();
            var instance = await InScope(s => s.GetRequiredService<FlowRunner>().StartAsync(new FlowStartRequest(Environment, "password-then-otp")));
            var t1 = Stopwatch.GetTimestamp();
            instance = await InScope(s => s.GetRequiredService<FlowRunner>().ResumeAsync(instance.Id, password));
            var t2 = Stopwatch.GetTimestamp();
            instance = await InScope(s => s.GetRequiredService<FlowRunner>().ResumeAsync(instance.Id, otp));
            var t3 = Stopwatch.GetTimestamp();
            if (instance.Status != FlowInstanceStatus.Completed)
            {
                throw new InvalidOperationException($"The flow ended {instance.Status}: {instance.Error}");
            }

            if (i >= Warmup)
            {
                start.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
                resumePassword.Add(Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
                resumeOtp.Add(Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds);
                whole.Add(Stopwatch.GetElapsedTime(t0, t3).TotalMilliseconds);
            }
        }

        // Steps per request, read from the journal of one run rather than assumed.
        var sample = await InScope(s => s.GetRequiredService<IFlowInstanceStore>().ListAsync(new FlowInstanceQuery { PageSize = 1 }, default));
        var journal = await InScope(s => s.GetRequiredService<IFlowInstanceStore>().GetJournalAsync(sample.Items[0].Id, default));
        // A resume's first step carries the user's action; the steps after it in the same request do not.
        var stepsPerRequest = new List<int>();
        foreach (var entry in journal)
        {
            if (stepsPerRequest.Count == 0 || entry.Action is not null)
            {
                stepsPerRequest.Add(0);
            }

            stepsPerRequest[^1]++;
        }

        var (startSteps, passwordSteps, otpSteps) = (stepsPerRequest[0], stepsPerRequest[1], stepsPerRequest[2]);
        var totalSteps = journal.Count;

        Console.WriteLine($"Flows engine benchmark — password-then-otp on SQLite ({iterations} flows after {Warmup} warm-up, {System.Environment.ProcessorCount} cores)");
        Console.WriteLine($"{"request",-22} {"steps",5} {"median ms",10} {"p95 ms",10} {"p99 ms",10} {"median/step ms",14}");
        Console.WriteLine(new Percentiles(start).Row("start", startSteps));
        Console.WriteLine(new Percentiles(resumePassword).Row("resume (password)", passwordSteps));
        Console.WriteLine(new Percentiles(resumeOtp).Row("resume (otp)", otpSteps));
        Console.WriteLine(new Percentiles(whole).Row("whole flow", totalSteps));
        Console.WriteLine($"Median engine + store cost per step: {new Percentiles(whole).Median / totalSteps:F3} ms (target < 1 ms)");

        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { databasePath, databasePath + "-wal", databasePath + "-shm" })
        {
            File.Delete(file);
        }
        async Task<T> InScope<T>(Func<IServiceProvider, Task<T>> call)
        {
            await using var scope = provider.CreateAsyncScope();
            return await call(scope.ServiceProvider);
        }

        static string FindRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Flows.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new DirectoryNotFoundException("Run the benchmark from inside the repository.");
        }
    }
}
