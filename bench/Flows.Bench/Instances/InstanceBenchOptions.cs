namespace Flows.Bench.Instances;

/// <summary>The command line of <c>instances</c>: how many instances to store, where, and how many requests to time.</summary>
internal sealed record InstanceBenchOptions
{
    public const string Usage = """
        usage: Flows.Bench instances [--instances 100000] [--days 14] [--samples 300] [--warmup 50]
                                     [--postgres "Host=127.0.0.1;Port=5432;Username=…;Database=…" | --sqlite FILE]

        Stores --instances flow instances with their journals (a mix of statuses, applications, users and
        definition versions over --days days) in a fresh SQLite file (or the empty PostgreSQL database that
        --postgres names), starts the server (Release build, as a process on 127.0.0.1) on that database, gets
        an admin token and times the management API over HTTP: filtered list pages (first and deep, through the
        cursor) and the inspection of one instance, --samples requests each after --warmup not counted.
        With --sqlite FILE, the SQLite file is kept: a file that already holds instances is used as it is, without
        seeding (to time a change to the server on the same data).
        """;

    public int Instances { get; init; } = 100_000;

    public int Days { get; init; } = 14;

    public int Samples { get; init; } = 300;

    public int Warmup { get; init; } = 50;

    public string? PostgreSql { get; init; }

    /// <summary>A SQLite file to keep (and reuse when it holds instances) instead of a temporary one.</summary>
    public string? SqliteFile { get; init; }

    /// <summary>The options, or null (with the reason on stderr) when the command line is wrong.</summary>
    public static InstanceBenchOptions? Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (args[i] is "-h" or "--help" || !args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                return Fail(args[i] is "-h" or "--help" ? null : $"unexpected argument '{args[i]}'");
            }

            values[args[i][2..]] = args[i + 1];
        }

        int Int(string name, int fallback) => values.TryGetValue(name, out var text) ? int.Parse(text) : fallback;
        var options = new InstanceBenchOptions
        {
            Instances = Int("instances", 100_000),
            Days = Int("days", 14),
            Samples = Int("samples", 300),
            Warmup = Int("warmup", 50),
            PostgreSql = values.GetValueOrDefault("postgres"),
            SqliteFile = values.TryGetValue("sqlite", out var file) ? Path.GetFullPath(file) : null,
        };
        return options.Instances < 1000 || options.Days < 1 || options.Samples < 1 || options.Warmup < 0
            ? Fail("--instances must be at least 1000, --days and --samples positive")
            : options;
    }

    private static InstanceBenchOptions? Fail(string? problem)
    {
        if (problem is not null)
        {
            Console.Error.WriteLine($"instances: {problem}");
        }

        Console.Error.WriteLine(Usage);
        return null;
    }
}
