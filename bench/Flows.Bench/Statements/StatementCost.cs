using System.Diagnostics;
using System.Text.Json;
using Flows.Activities;
using Flows.Engine.Hosting;
using Flows.Engine.Instances;
using Flows.Engine.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.Bench.Statements;

/// <summary>
/// <c>statements</c>: the CPU one database statement of a sign-in costs, on the engine's SQLite setup (pooled contexts,
/// its pragmas, its migrations): a flow instance read by id through the store, the same read as an EF Core compiled
/// query and as plain ADO.NET, and the store's writes (a new instance with its journal and funnel counts in one
/// transaction; a step saved the same way). Run alone on a quiet machine: it reads this process's CPU time.
/// </summary>
internal static class StatementCost
{
    private const int Rows = 1_000;

    // As the store writes its JSON columns, so that the plain variant serializes the state too.
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static readonly DateTimeOffsetToBinaryConverter BinaryTime = new();

    private static readonly Func<FlowsDbContext, string, Task<FlowInstance?>> CompiledRead =
        EF.CompileAsyncQuery((FlowsDbContext db, string id) => db.Instances.AsNoTracking().FirstOrDefault(i => i.Id == id));

    public static async Task<int> RunAsync(string[] args)
    {
        var operations = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        var path = Path.Combine(Path.GetTempPath(), $"flows-statements-{Guid.NewGuid():N}.db");
        var services = new ServiceCollection();
        services.AddSingleton<Flows.Activities.Users.IUserDirectory, BenchUserDirectory>();
        services.AddFlowsEngine(
            new FlowsDatabaseOptions { Provider = FlowsDatabaseProviders.Sqlite, ConnectionString = $"Data Source={path}" },
            FlowsActivityCatalog.Types);
        try
        {
            await using var provider = services.BuildServiceProvider();
            await FlowsDatabase.MigrateAsync(provider);
            var contexts = provider.GetRequiredService<IDbContextFactory<FlowsDbContext>>();
            var store = new EfFlowInstanceStore(contexts);
            for (var i = 0; i < Rows; i++)
            {
                await store.CreateAsync(NewInstance($"row{i}"), [], CancellationToken.None);
            }

            Console.WriteLine($"statements: CPU per operation, {operations} each, after a pass of all unmeasured, SQLite in WAL mode, {Rows} instances stored");
            var results = new (string Name, Func<int, Task> Run)[]
            {
                ("instance read by id, the store (EF Core LINQ)", k => store.FindAsync(RowId(k), CancellationToken.None)),
                ("instance read by id, EF Core LINQ (as the store writes it)", async k =>
                {
                    await using var db = await contexts.CreateDbContextAsync();
                    var id = RowId(k);
                    await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id);
                }),
                ("instance read by id, EF Core compiled query", async k =>
                {
                    await using var db = await contexts.CreateDbContextAsync();
                    await CompiledRead(db, RowId(k));
                }),
                ("instance read by id, plain ADO.NET", k => ReadRawAsync(contexts, RowId(k))),
                ("new instance + journal entry + funnel counts, one transaction (the store)", k =>
                    store.CreateAsync(NewInstance($"new{k}-{Guid.NewGuid():N}"), [Entry($"x{k}")], CancellationToken.None)),
                ("new instance + journal entry + funnel counts, one transaction, plain ADO.NET (the same SQL)", k =>
                    CreateRawAsync(contexts, $"raw{k}-{Guid.NewGuid():N}")),
                ("instance updated by id and revision, EF Core ExecuteUpdate (the store's statement)", k => UpdateLinqAsync(contexts, RowId(k))),
                ("instance updated by id and revision, EF Core ExecuteSqlRaw (the same SQL)", k => UpdateRawAsync(contexts, RowId(k))),
                ("step saved: instance read, then updated + journal entry + funnel counts in one transaction (the store)", k => SaveStepAsync(store, RowId(k))),
            };
            // Every operation once unmeasured before any is measured: EF Core's pipeline is shared, and the JIT keeps
            // recompiling it for a while (the first operation measured alone read three times its later cost).
            foreach (var (_, run) in results)
            {
                await MeasureAsync(run, operations);
            }

            foreach (var (name, run) in results)
            {
                Console.WriteLine($"{await MeasureAsync(run, operations),8:F1} µs  {name}");
            }

            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private static async Task<double> MeasureAsync(Func<int, Task> operation, int count)
    {
        using var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        for (var k = 0; k < count; k++)
        {
            await operation(k);
        }

        process.Refresh();
        return (process.TotalProcessorTime - before).TotalMicroseconds / count;
    }

    private static async Task ReadRawAsync(IDbContextFactory<FlowsDbContext> contexts, string id)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM \"FlowInstances\" WHERE \"Id\" = $id LIMIT 1";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "$id";
        parameter.Value = id;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        // Every column read, as a materializer would, short of parsing the JSON ones.
        for (var column = 0; column < reader.FieldCount; column++)
        {
            _ = reader.GetValue(column);
        }
    }

    private static async Task UpdateLinqAsync(IDbContextFactory<FlowsDbContext> contexts, string id)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var now = DateTimeOffset.UtcNow;
        var node = "password";
        await db.Instances.Where(i => i.Id == id && i.Revision >= 0)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.CurrentNodeId, node).SetProperty(i => i.UpdatedAt, now).SetProperty(i => i.ExpiresAt, now));
    }

    private static async Task UpdateRawAsync(IDbContextFactory<FlowsDbContext> contexts, string id)
    {
        await using var db = await contexts.CreateDbContextAsync();
        // As the model stores it on SQLite (UTC ticks with the offset): a plain number would not read back as a time.
        var now = (long)BinaryTime.ConvertToProvider(DateTimeOffset.UtcNow)!;
#pragma warning disable EF1002 // constant SQL, values as parameters
        await db.Database.ExecuteSqlRawAsync(
            "UPDATE \"FlowInstances\" AS \"f\" SET \"CurrentNodeId\" = {0}, \"UpdatedAt\" = {1}, \"ExpiresAt\" = {2} WHERE \"f\".\"Id\" = {3} AND \"f\".\"Revision\" >= 0",
            "password", now, now, id);
#pragma warning restore EF1002
    }

    private static async Task CreateRawAsync(IDbContextFactory<FlowsDbContext> contexts, string id)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var connection = (Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var at = DateTimeOffset.UtcNow;
        var now = (long)BinaryTime.ConvertToProvider(at)!;
        var expires = (long)BinaryTime.ConvertToProvider(at.AddHours(1))!;
        await ExecuteAsync(connection, "INSERT INTO \"FlowInstances\" (\"Id\", \"ApplicationId\", \"CreatedAt\", \"CurrentNodeId\", \"DefinitionId\", " +
            "\"DefinitionVersion\", \"EnvironmentId\", \"Error\", \"ExpiresAt\", \"Prompt\", \"Request\", \"Revision\", \"SessionTokenHash\", \"State\", " +
            "\"Status\", \"UpdatedAt\", \"UserId\") VALUES ($p0, NULL, $p2, $p3, $p4, $p5, $p6, NULL, $p8, NULL, NULL, 0, NULL, $p13, $p14, $p15, NULL)",
            ("$p0", id), ("$p2", now), ("$p3", "password"), ("$p4", "flow"), ("$p5", 1), ("$p6", "bench"), ("$p8", expires),
            ("$p13", JsonSerializer.Serialize(new FlowState(), Web)), ("$p14", "Suspended"), ("$p15", now));
        await ExecuteAsync(connection, "INSERT INTO \"FlowJournal\" (\"Action\", \"ActivityType\", \"DefinitionId\", \"DefinitionVersion\", " +
            "\"DurationMicroseconds\", \"ErrorCode\", \"InstanceId\", \"NodeId\", \"Outcome\", \"Result\", \"Sequence\", \"StartedAt\") " +
            "VALUES (NULL, $p1, NULL, NULL, 0, NULL, $p6, $p7, NULL, $p9, 1, $p11) RETURNING \"Id\"",
            ("$p1", "AskForUsernamePassword"), ("$p6", id), ("$p7", "password"), ("$p9", "Suspended"), ("$p11", now));
        await ExecuteAsync(connection, "INSERT INTO \"FlowFunnelCounts\" (\"EnvironmentId\", \"DefinitionId\", \"DefinitionVersion\", \"Hour\", " +
            "\"NodeId\", \"Kind\", \"Outcome\", \"Count\") VALUES ($p0, $p1, 1, $p3, $p4, $p5, '', 1) ON CONFLICT (\"EnvironmentId\", " +
            "\"DefinitionId\", \"DefinitionVersion\", \"Hour\", \"NodeId\", \"Kind\", \"Outcome\") DO UPDATE SET \"Count\" = " +
            "\"FlowFunnelCounts\".\"Count\" + excluded.\"Count\"",
            ("$p0", "bench"), ("$p1", "flow"), ("$p3", FlowFunnelCount.HourOf(at)), ("$p4", "password"), ("$p5", "waiting"));
        await transaction.CommitAsync();
    }

    private static async Task ExecuteAsync(Microsoft.Data.Sqlite.SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
        }
    }

    private static async Task SaveStepAsync(EfFlowInstanceStore store, string id)
    {
        var instance = await store.FindAsync(id, CancellationToken.None) ?? throw new InvalidOperationException(id);
        var revision = instance.Revision;
        instance.Revision++;
        instance.UpdatedAt = DateTimeOffset.UtcNow;
        await store.UpdateAsync(instance, revision, [Entry(id)], CancellationToken.None);
    }

    private static string RowId(int k) => $"row{k % Rows}";

    private static FlowInstance NewInstance(string id) => new()
    {
        Id = id, EnvironmentId = "bench", DefinitionId = "flow", DefinitionVersion = 1, CurrentNodeId = "password",
        Status = FlowInstanceStatus.Suspended, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        ExpiresAt = DateTimeOffset.UtcNow.AddHours(1),
    };

    private static FlowJournalEntry Entry(string instanceId) => new()
    {
        InstanceId = instanceId, NodeId = "password", ActivityType = "AskForUsernamePassword", Sequence = 1,
    };
}
