using Flows.Engine.Activities;
using Flows.Engine.Instances;
using Flows.Engine.Persistence;
using Flows.Engine.Runtime;
using Flows.Engine.Tests.TestActivities;
using Flows.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.Engine.Tests;

/// <summary>The funnel's counts, kept as runs are written: right under concurrent writers, through expiry and purge, and for any period.</summary>
public abstract class FlowFunnelCountTests : IAsyncLifetime
{
    private const int SignIns = 24;

    private FlowsTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await FlowsTestHost.StartAsync(TestCatalog.Types, services => services.AddSingleton<TestGate>(), await CreateDatabaseAsync());
        await _host.PublishAsync(TestFlows.Color());
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    private static DateTimeOffset Hour => FlowsTestHost.StartTime;

    [Fact]
    public async Task Concurrent_sign_ins_are_each_counted_once()
    {
        var started = await Task.WhenAll(Enumerable.Range(0, SignIns).Select(_ => StartAsync()));
        await Task.WhenAll(started.Take(SignIns / 2).Select((run, i) => _host.ResumeAsync(run.Id, Choose(i % 3 == 0 ? AskForColor.Blue : AskForColor.Red))));

        var funnel = await ReadAsync(Hour, Hour.AddHours(1));

        Assert.Equal(SignIns, funnel.Runs);
        var ask = funnel.Of("ask");
        Assert.Equal((SignIns, SignIns / 2), (ask.Entered, ask.Waiting));
        Assert.Equal((8, 4), (ask.Outcomes[AskForColor.Red], ask.Outcomes[AskForColor.Blue]));
        Assert.Equal((8, 8), (funnel.Of("finish").Entered, funnel.Of("finish").Completed));
        Assert.Equal((4, 4), (funnel.Of("reject").Entered, funnel.Of("reject").Failed));
    }

    [Fact]
    public async Task Competing_resumes_of_one_run_count_only_the_one_that_was_saved()
    {
        var run = await StartAsync();

        var resumes = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            try
            {
                await _host.ResumeAsync(run.Id, Choose(AskForColor.Red));
                return true;
            }
            catch (Exception exception) when (exception is FlowConflictException or FlowNotResumableException)
            {
                return false;
            }
        }));

        var funnel = await ReadAsync(Hour, Hour.AddHours(1));
        Assert.Equal(resumes.Count(saved => saved), funnel.Of("ask").Outcomes[AskForColor.Red]);
        Assert.Equal((1, 1, 0), (funnel.Of("finish").Completed, funnel.Runs, funnel.Of("ask").Waiting));
    }

    [Fact]
    public async Task An_expired_run_moves_from_waiting_to_abandoned_once_however_many_nodes_sweep()
    {
        await StartAsync();
        await StartAsync();
        _host.Clock.Advance(TimeSpan.FromMinutes(20));

        var expired = await Task.WhenAll(ExpireAsync(), ExpireAsync(), ExpireAsync());

        var ask = (await ReadAsync(Hour, Hour.AddHours(1))).Of("ask");
        Assert.Equal(2, expired.Sum());
        Assert.Equal((0, 2, 2), (ask.Waiting, ask.Abandoned, ask.Entered));
    }

    [Fact]
    public async Task Purged_runs_stay_counted_and_a_run_purged_while_waiting_counts_as_abandoned()
    {
        await _host.ResumeAsync((await StartAsync()).Id, Choose(AskForColor.Red));
        await StartAsync();
        _host.Clock.Advance(TimeSpan.FromDays(30));

        var purged = await _host.InScopeAsync(services =>
            services.GetRequiredService<IFlowInstanceStore>().PurgeAsync(_host.Clock.GetUtcNow(), CancellationToken.None));

        var funnel = await ReadAsync(Hour, Hour.AddHours(1));
        Assert.Equal(2, purged);
        Assert.Equal((2, 2, 1, 0, 1), (funnel.Runs, funnel.Of("ask").Entered, funnel.Of("finish").Completed, funnel.Of("ask").Waiting, funnel.Of("ask").Abandoned));
    }

    [Fact]
    public async Task A_period_that_starts_or_ends_inside_an_hour_counts_exactly_the_runs_created_in_it()
    {
        await StartAsync();                            // 09:00
        _host.Clock.Advance(TimeSpan.FromMinutes(70));
        await StartAsync();                            // 10:10
        _host.Clock.Advance(TimeSpan.FromMinutes(30));
        await StartAsync();                            // 10:40

        Assert.Equal(3, (await ReadAsync(Hour.AddMinutes(-30), Hour.AddMinutes(150))).Runs);
        Assert.Equal(2, (await ReadAsync(Hour.AddMinutes(-30), Hour.AddMinutes(90))).Runs);
        Assert.Equal(1, (await ReadAsync(Hour.AddMinutes(5), Hour.AddMinutes(90))).Runs);
        Assert.Equal(1, (await ReadAsync(Hour.AddMinutes(65), Hour.AddMinutes(75))).Runs);
        Assert.Equal(3, (await ReadAsync(from: null, Hour.AddHours(2))).Runs);
    }

    [Fact]
    public async Task The_migration_that_adds_the_counts_counts_the_runs_stored_before_it()
    {
        await _host.ResumeAsync((await StartAsync()).Id, Choose(AskForColor.Red));
        await _host.ResumeAsync((await StartAsync()).Id, Choose(AskForColor.Blue));
        await StartAsync();
        var kept = await ReadAsync(Hour, Hour.AddHours(1));

        await using (var db = await _host.Services.GetRequiredService<IDbContextFactory<FlowsDbContext>>().CreateDbContextAsync())
        {
            // Back to the schema before the counts (the table goes), then forward again: the migration fills it from the journal.
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync("FunnelIndexes");
            await migrator.MigrateAsync();
        }

        var backfilled = await ReadAsync(Hour, Hour.AddHours(1));
        Assert.Equal(3, backfilled.Runs);
        Assert.Equivalent(kept, backfilled, strict: true);
    }

    private Task<FlowInstance> StartAsync() => _host.StartFlowAsync(new FlowStartRequest(FlowsTestHost.Environment, "color") { ApplicationId = "app" });

    private static FlowAction Choose(string color) => FlowAction.Create(AskForColor.Choose, new { color });

    private Task<int> ExpireAsync() => _host.InScopeAsync(services =>
        services.GetRequiredService<IFlowInstanceStore>().ExpireIdleAsync(_host.Clock.GetUtcNow(), CancellationToken.None));

    private Task<FlowFunnel> ReadAsync(DateTimeOffset? from, DateTimeOffset to) => _host.InScopeAsync(services =>
        services.GetRequiredService<IFlowFunnelReader>().ReadAsync(new FlowFunnelQuery(FlowsTestHost.Environment, "color", 1, from, to), CancellationToken.None));
}

public sealed class FlowFunnelCountOnSqliteTests : FlowFunnelCountTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class FlowFunnelCountOnPostgreSqlTests : FlowFunnelCountTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgreSqlAsync();
}
