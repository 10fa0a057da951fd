using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Engine.Hosting;
using Flows.Engine.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.Bench.Instances;

/// <summary>
/// <c>instances</c>: the operator's view of a large store. Seeds the instances, starts the server on them and
/// times the management API over HTTP: list pages (targets: under 100 ms) and the inspection of one instance
/// (under 20 ms), median/p95/p99 of sequential requests after a warm-up.
/// </summary>
internal static class InstanceBenchmark
{
    private const string Instances = $"/v1/environments/{InstanceSeeder.Environment}/flowInstances";
    private const double ListTarget = 100;
    private const double InspectTarget = 20;

    public static Task<int> RunAsync(string[] args) => RunAsync(args, "instances", seed: null, MeasureAsync);

    /// <summary>
    /// Seeds (with <paramref name="seed"/>'s seeder, or the default mix), starts the server and prints what
    /// <paramref name="measure"/> times; 0 when every median meets its target.
    /// </summary>
    internal static async Task<int> RunAsync(
        string[] args, string title, Func<InstanceBenchOptions, InstanceSeeder>? seed, Func<HttpClient, InstanceBenchOptions, Task<List<Row>>> measure)
    {
        if (InstanceBenchOptions.Parse(args) is not { } options)
        {
            return 2;
        }

        var root = FindRoot();
        var work = Directory.CreateTempSubdirectory("flows-bench-instances-");
        var (provider, connectionString) = options.PostgreSql is { } postgres
            ? (FlowsDatabaseProviders.PostgreSql, postgres)
            : (FlowsDatabaseProviders.Sqlite, $"Data Source={options.SqliteFile ?? Path.Combine(work.FullName, "flows.db")}");
        try
        {
            var (instances, journalRows) = await StoredAsync(provider, connectionString);
            if (instances == 0)
            {
                Console.Error.WriteLine($"Storing {options.Instances:N0} instances ({provider}) …");
                var seeding = Stopwatch.StartNew();
                await SeedAsync(seed?.Invoke(options) ?? new InstanceSeeder(options.Instances, options.Days, DateTimeOffset.UtcNow), provider, connectionString);
                (instances, journalRows) = await StoredAsync(provider, connectionString);
                Console.Error.WriteLine($"  done in {seeding.Elapsed.TotalSeconds:F0} s");
            }

            Console.Error.WriteLine($"{instances:N0} instances stored; starting the server …");

            var environmentFile = Path.Combine(work.FullName, "bench.json");
            await File.WriteAllTextAsync(environmentFile, """{ "id": "bench", "name": "Bench", "defaultFlow": "username-password" }""");
            var secret = await AdminSecretAsync(options);
            await using var server = await BenchServer.StartAsync(root, provider, connectionString, environmentFile, secret);
            using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            {
                BaseAddress = server.BaseAddress,
            };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(http, secret));

            var rows = await measure(http, options);
            Print(title, options with { Instances = instances }, provider, journalRows, rows);
            return rows.All(row => row.Result.Median < row.Target) ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            work.Delete(recursive: true);
        }
    }

    private static async Task SeedAsync(InstanceSeeder seeder, string provider, string connectionString)
    {
        await using var engine = Engine(provider, connectionString);
        await seeder.SeedAsync(engine.GetRequiredService<IDbContextFactory<FlowsDbContext>>());
    }

    /// <summary>How many instances and journal entries the database holds (brought up to the engine's schema first).</summary>
    internal static async Task<(int Instances, long JournalRows)> StoredAsync(string provider, string connectionString)
    {
        await using var engine = Engine(provider, connectionString);
        await FlowsDatabase.MigrateAsync(engine);
        await using var db = await engine.GetRequiredService<IDbContextFactory<FlowsDbContext>>().CreateDbContextAsync();
        return (await db.Instances.CountAsync(), await db.Journal.LongCountAsync());
    }

    internal static ServiceProvider Engine(string provider, string connectionString) =>
        new ServiceCollection()
            .AddFlowsEngine(new FlowsDatabaseOptions { Provider = provider, ConnectionString = connectionString }, [])
            .BuildServiceProvider();

    /// <summary>
    /// A fresh random secret for the admin client the server creates at its first start; a kept SQLite file keeps
    /// its secret next to it, since a server started on it again finds the client there already.
    /// </summary>
    private static async Task<string> AdminSecretAsync(InstanceBenchOptions options)
    {
        var file = options.SqliteFile is { } database ? database + ".admin-secret" : null;
        if (file is not null && File.Exists(file))
        {
            return (await File.ReadAllTextAsync(file)).Trim();
        }

        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        if (file is not null)
        {
            await File.WriteAllTextAsync(file, secret);
        }

        return secret;
    }

    internal static async Task<string> TokenAsync(HttpClient http, string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/as/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"flows-admin:{secret}")));
        using var response = await http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        return response.IsSuccessStatusCode
            ? body!["access_token"]!.GetValue<string>()
            : throw new InvalidOperationException($"No admin token: {(int)response.StatusCode} {body}");
    }

    /// <summary>Finds the pages and the instance to time, then times each kind of request.</summary>
    private static async Task<List<Row>> MeasureAsync(HttpClient http, InstanceBenchOptions options)
    {
        var busiest = InstanceSeeder.Application(1);
        var quiet = InstanceSeeder.Application(InstanceSeeder.Applications);
        var suspended = $"{Instances}?status=SUSPENDED&applicationId={busiest}&pageSize=50";
        var (deepPage, depth) = await DeepPageAsync(http, suspended, pages: 50);
        var first = await GetJsonAsync(http, suspended);
        var inspected = first["items"]!.AsArray().Select(item => $"{Instances}/{item!["id"]!.GetValue<string>()}").ToList();

        var rows = new List<Row>
        {
            await TimeAsync(http, options, $"list SUSPENDED + {busiest}, first page", ListTarget, _ => suspended),
            await TimeAsync(http, options, $"list SUSPENDED + {busiest}, page {depth}", ListTarget, _ => deepPage),
            await TimeAsync(http, options, $"list SUSPENDED + {quiet}, first page", ListTarget,
                _ => $"{Instances}?status=SUSPENDED&applicationId={quiet}&pageSize=50"),
            await TimeAsync(http, options, "list all, first page", ListTarget, _ => $"{Instances}?pageSize=50"),
            await TimeAsync(http, options, "list one user's", ListTarget, i => $"{Instances}?userId=user-{1 + i % 500:D5}&pageSize=50"),
            await TimeAsync(http, options, "list SUSPENDED older than 1 day", ListTarget, _ => $"{Instances}?status=SUSPENDED&olderThan=P1D&pageSize=50"),
            await TimeAsync(http, options, "inspect one instance", InspectTarget, i => inspected[i % inspected.Count]),
        };
        return rows;
    }

    /// <summary>Follows the cursor <paramref name="pages"/> pages deep (or to the last page); returns that page's URL and number.</summary>
    private static async Task<(string Url, int Page)> DeepPageAsync(HttpClient http, string url, int pages)
    {
        var current = url;
        var page = 1;
        while (page < pages && (await GetJsonAsync(http, current))["next"]?.GetValue<string>() is { } next)
        {
            current = $"{url}&after={Uri.EscapeDataString(next)}";
            page++;
        }

        return (current, page);
    }

    internal static async Task<Row> TimeAsync(HttpClient http, InstanceBenchOptions options, string name, double target, Func<int, string> url)
    {
        var samples = new List<double>(options.Samples);
        for (var i = 0; i < options.Warmup + options.Samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(url(i));
            var body = await response.Content.ReadAsByteArrayAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{name}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
            }

            if (i >= options.Warmup)
            {
                samples.Add(elapsed);
            }
        }

        return new Row(name, target, new Percentiles(samples));
    }

    internal static async Task<JsonNode> GetJsonAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static void Print(string title, InstanceBenchOptions options, string provider, long journalRows, List<Row> rows)
    {
        Console.WriteLine($"Flows {title} benchmark — {options.Instances:N0} instances ({journalRows:N0} journal entries) over {options.Days} days, "
            + $"{provider}, {options.Samples} sequential requests each after {options.Warmup} warm-up, {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"request",-44} {"median ms",10} {"p95 ms",10} {"p99 ms",10} {"target ms",10}");
        foreach (var row in rows)
        {
            Console.WriteLine($"{row.Name,-44} {row.Result.Median,10:F2} {row.Result.P95,10:F2} {row.Result.P99,10:F2} {"< " + row.Target,10}");
        }
    }

    internal static string FindRoot()
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

    internal sealed record Row(string Name, double Target, Percentiles Result);
}
