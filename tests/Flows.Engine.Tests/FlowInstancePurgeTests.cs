using Flows.Engine.Activities;
using Flows.Engine.Instances;
using Flows.Engine.Runtime;
using Flows.Engine.Tests.TestActivities;
using Flows.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.Engine.Tests;

/// <summary>Deleting the instances that can no longer be resumed, with their journals, once they are past retention.</summary>
public abstract class FlowInstancePurgeTests : IAsyncLifetime
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    private FlowsTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await FlowsTestHost.StartAsync(TestCatalog.Types, services => services.AddSingleton<TestGate>(), await CreateDatabaseAsync());
        await _host.PublishAsync(TestFlows.Color());
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task Instances_past_retention_go_with_their_journals_and_recent_or_live_ones_stay()
    {
        var oldFinished = await FinishedAsync();
        var oldAbandoned = await StartAsync();
        _host.Clock.Advance(TimeSpan.FromDays(7));
        var recentFinished = await FinishedAsync();
        _host.Clock.Advance(TimeSpan.FromDays(1));
        var live = await StartAsync();
        _host.Clock.Advance(TimeSpan.FromMinutes(1));

        var purged = await PurgeAsync();

        Assert.Equal(2, purged);
        Assert.Null(await _host.FindAsync(oldFinished.Id));
        Assert.Null(await _host.FindAsync(oldAbandoned.Id));
        Assert.Empty(await _host.JournalAsync(oldFinished.Id));
        Assert.Empty(await _host.JournalAsync(oldAbandoned.Id));
        Assert.Equal(FlowInstanceStatus.Completed, (await _host.FindAsync(recentFinished.Id))!.Status);
        Assert.Equal(FlowInstanceStatus.Suspended, (await _host.FindAsync(live.Id))!.Status);
        Assert.NotEmpty(await _host.JournalAsync(recentFinished.Id));
        Assert.NotEmpty(await _host.JournalAsync(live.Id));
    }

    [Fact]
    public async Task Purges_running_at_once_delete_each_instance_once_and_the_next_finds_nothing()
    {
        for (var i = 0; i < 30; i++)
        {
            await FinishedAsync();
        }

        _host.Clock.Advance(Retention + TimeSpan.FromDays(1));

        var purged = await Task.WhenAll(PurgeAsync(), PurgeAsync(), PurgeAsync());

        Assert.Equal(30, purged.Sum());
        Assert.Equal(0, await PurgeAsync());
    }

    private Task<FlowInstance> StartAsync() =>
        _host.StartFlowAsync(new FlowStartRequest(FlowsTestHost.Environment, "color") { ApplicationId = "app" });

    private async Task<FlowInstance> FinishedAsync() =>
        await _host.ResumeAsync((await StartAsync()).Id, FlowAction.Create(AskForColor.Choose, new { color = "red" }));

    private Task<int> PurgeAsync() => _host.InScopeAsync(services =>
        services.GetRequiredService<IFlowInstanceStore>().PurgeAsync(_host.Clock.GetUtcNow() - Retention, CancellationToken.None));
}

public sealed class FlowInstancePurgeOnSqliteTests : FlowInstancePurgeTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class FlowInstancePurgeOnPostgreSqlTests : FlowInstancePurgeTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgreSqlAsync();
}
