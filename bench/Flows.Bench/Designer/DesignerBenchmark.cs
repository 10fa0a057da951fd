using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Flows.Bench.Instances;
using Flows.Engine.Hosting;
using Flows.Engine.Instances;
using Flows.Engine.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.Bench.Designer;

/// <summary>
/// <c>designer</c>: what an administrator waits for in /designer, in a real browser against the real server on a
/// fresh SQLite database: opening a 60-node flow until it can be edited (target: under 1 s) and the operator
/// console over 10,000 waiting sign-ins, its first page and each page forward (which should not slow with depth).
/// </summary>
internal static class DesignerBenchmark
{
    private const double EditorTarget = 1000;
    private const int PageSize = 25;

    public const string Usage = """
        usage: Flows.Bench designer [--instances 10000] [--runs 20] [--pages 20] [--warmup 3]

        Stores --instances SUSPENDED instances in a fresh SQLite file, starts the server (Release build, as a process
        on 127.0.0.1) with a random admin password, publishes a generated 60-node flow through /v1, signs in to
        /designer once in headless /usr/bin/chromium, then times (after --warmup runs not counted):
          - opening the flow's editor by its address, --runs times: from the navigation's start until all 60 nodes
            are drawn, the view is fitted and the palette is interactive;
          - the operator console's first page (--runs loads), and --pages pages forward (Next) three times over.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (Parse(args) is not { } options)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var root = InstanceBenchmark.FindRoot();
        var work = Directory.CreateTempSubdirectory("flows-bench-designer-");
        var connectionString = $"Data Source={Path.Combine(work.FullName, "flows.db")}";
        try
        {
            Console.Error.WriteLine($"Storing {options.Instances:N0} suspended instances …");
            await SeedAsync(options.Instances, connectionString);

            var environmentFile = Path.Combine(work.FullName, "bench.json");
            await File.WriteAllTextAsync(environmentFile, $$"""{ "id": "{{InstanceSeeder.Environment}}", "name": "Bench", "defaultFlow": "username-password" }""");
            var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            Console.Error.WriteLine("Starting the server …");
            await using var server = await BenchServer.StartAsync(root, FlowsDatabaseProviders.Sqlite, connectionString, environmentFile, secret);
            await PublishLargeFlowAsync(server.BaseAddress, secret);

            Console.Error.WriteLine("Signing in to /designer …");
            await using var browser = await DesignerBrowser.SignInAsync(server.BaseAddress, secret);

            var (drawn, editor) = (new List<double>(), new List<double>());
            for (var run = 0; run < options.Warmup + options.Runs; run++)
            {
                var elapsed = await browser.OpenEditorAsync(LargeFlow.Id, LargeFlow.NodeCount);
                if (run >= options.Warmup)
                {
                    drawn.Add(elapsed.Drawn);
                    editor.Add(elapsed.Ready);
                }
            }

            await browser.CheckEditorIsUsableAsync(LargeFlow.NodeCount);

            var firstPage = new List<double>();
            var paging = new List<List<double>>();
            for (var run = 0; run < options.Warmup + options.Runs; run++)
            {
                var elapsed = await browser.OpenConsoleAsync(PageSize);
                if (run >= options.Warmup)
                {
                    firstPage.Add(elapsed);
                }

                // A few of the loads page forward too: three passes over the same depth.
                if (run >= options.Warmup && paging.Count < 3)
                {
                    paging.Add(await browser.PageForwardAsync(options.Pages, PageSize));
                }
            }

            Print(options, drawn, editor, firstPage, paging);
            return new Percentiles(editor).Median < EditorTarget ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            work.Delete(recursive: true);
        }
    }

    private static async Task SeedAsync(int count, string connectionString)
    {
        var watch = Stopwatch.StartNew();
        await using (var engine = InstanceBenchmark.Engine(FlowsDatabaseProviders.Sqlite, connectionString))
        {
            await FlowsDatabase.MigrateAsync(engine);
            var seeder = new InstanceSeeder(count, days: 14, DateTimeOffset.UtcNow, only: FlowInstanceStatus.Suspended);
            await seeder.SeedAsync(engine.GetRequiredService<IDbContextFactory<FlowsDbContext>>());
        }

        Console.Error.WriteLine($"  done in {watch.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>Creates the generated flow as a draft and publishes it, through the management API with an admin token.</summary>
    private static async Task PublishLargeFlowAsync(Uri server, string secret)
    {
        using var http = new HttpClient { BaseAddress = server };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await InstanceBenchmark.TokenAsync(http, secret));
        var flows = $"/v1/environments/{InstanceSeeder.Environment}/flows";

        await EnsureAsync(await http.PostAsJsonAsync(flows, LargeFlow.Definition()), "create the flow");
        await EnsureAsync(await http.PostAsJsonAsync($"{flows}/{LargeFlow.Id}/publish", new JsonObject { ["note"] = "designer benchmark" }), "publish the flow");
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Could not {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    private static void Print(Options options, List<double> drawn, List<double> editor, List<double> firstPage, List<List<double>> paging)
    {
        Console.WriteLine($"Flows designer benchmark — headless chromium, server on SQLite with {options.Instances:N0} suspended instances, "
            + $"{Environment.ProcessorCount} cores; {options.Runs} runs after {options.Warmup} warm-up");
        Console.WriteLine($"{"what",-52} {"n",4} {"median ms",10} {"p95 ms",10} {"max ms",10} {"target",8}");
        Row($"open the {LargeFlow.NodeCount}-node flow: all nodes drawn", drawn, "");
        Row($"open the {LargeFlow.NodeCount}-node flow: ready to edit (fitted)", editor, $"< {EditorTarget}");
        Row($"operator console, first page ({PageSize} rows)", firstPage, "");
        Row($"operator console, Next (pages 2–{options.Pages + 1})", paging.SelectMany(pass => pass).ToList(), "");

        // By depth: if the cursor paging slowed down deeper in, the later buckets would show it.
        var bucket = Math.Max(1, options.Pages / 4);
        for (var start = 0; start < options.Pages; start += bucket)
        {
            var end = Math.Min(options.Pages, start + bucket);
            Row($"  Next to pages {start + 2}–{end + 1}", paging.SelectMany(pass => pass.Skip(start).Take(end - start)).ToList(), "");
        }
    }

    private static void Row(string name, List<double> samples, string target)
    {
        var result = new Percentiles(samples);
        Console.WriteLine($"{name,-52} {samples.Count,4} {result.Median,10:F0} {result.P95,10:F0} {result.At(1),10:F0} {target,8}");
    }

    private static Options? Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count || !int.TryParse(args[i + 1], out var value) || value < 0)
            {
                return null;
            }

            values[args[i][2..]] = value;
        }

        var options = new Options(values.GetValueOrDefault("instances", 10_000), values.GetValueOrDefault("runs", 20),
            values.GetValueOrDefault("pages", 20), values.GetValueOrDefault("warmup", 3));
        return options.Instances >= PageSize * (options.Pages + 1) && options.Runs > 0 && options.Pages > 0 ? options : null;
    }

    private sealed record Options(int Instances, int Runs, int Pages, int Warmup);
}
