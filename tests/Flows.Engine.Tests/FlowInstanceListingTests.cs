using Flows.Engine.Activities;
using Flows.Engine.Instances;
using Flows.Engine.Tests.TestActivities;
using Flows.Engine.Runtime;
using Flows.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.Engine.Tests;

/// <summary>Listing instances the way the operator console does: filters, newest first, page by page.</summary>
public sealed class FlowInstanceListingTests : IAsyncLifetime
{
    private FlowsTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await FlowsTestHost.StartAsync(TestCatalog.Types, services => services.AddSingleton<TestGate>());
        await _host.PublishAsync(TestFlows.Color());
        await _host.PublishAsync(TestFlows.Color("other"));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Filters_by_status_definition_application_and_user()
    {
        var waiting = await StartLaterAsync("color", "app-a");
        var done = await StartLaterAsync("color", "app-b");
        await _host.ResumeAsync(done.Id, FlowAction.Create(AskForColor.Choose, new { color = "red" }));
        var other = await StartLaterAsync("other", "app-a");

        Assert.Equal([other.Id, waiting.Id], await IdsAsync(new() { Status = FlowInstanceStatus.Suspended }));
        Assert.Equal([done.Id], await IdsAsync(new() { Status = FlowInstanceStatus.Completed, UserId = "user-1" }));
        Assert.Equal([other.Id], await IdsAsync(new() { DefinitionId = "other", DefinitionVersion = 1 }));
        Assert.Equal([done.Id], await IdsAsync(new() { ApplicationId = "app-b" }));
        Assert.Empty(await IdsAsync(new() { EnvironmentId = "elsewhere" }));
    }

    [Fact]
    public async Task Filters_by_age()
    {
        var old = await StartAsync("color", "app");
        _host.Clock.Advance(TimeSpan.FromMinutes(5));
        var cutoff = _host.Clock.GetUtcNow();
        var young = await StartAsync("color", "app");

        Assert.Equal([old.Id], await IdsAsync(new() { CreatedBefore = cutoff }));
        Assert.Equal([young.Id], await IdsAsync(new() { CreatedAfter = cutoff }));
    }

    [Fact]
    public async Task Pages_cover_every_instance_once_newest_first()
    {
        var started = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            started.Add((await StartAsync("color", "app")).Id);
            if (i % 2 == 0)
            {
                _host.Clock.Advance(TimeSpan.FromSeconds(1));
            }
        }

        var seen = new List<string>();
        string? next = null;
        var pages = 0;
        do
        {
            var page = await ListAsync(new() { EnvironmentId = FlowsTestHost.Environment, PageSize = 3, After = next });
            seen.AddRange(page.Items.Select(i => i.Id));
            next = page.Next;
            pages++;
        }
        while (next is not null);

        Assert.Equal(3, pages);
        Assert.Equal(started.Order().ToList(), seen.Order().ToList());
        var created = seen.Select(id => (started.IndexOf(id) + 1) / 2).ToList();
        Assert.Equal(created.OrderDescending().ToList(), created);
    }

    [Fact]
    public async Task A_cursor_the_server_did_not_issue_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => ListAsync(new() { After = "not-a-cursor!" }));
    }

    private Task<FlowInstance> StartAsync(string definition, string application) =>
        _host.StartFlowAsync(new FlowStartRequest(FlowsTestHost.Environment, definition) { ApplicationId = application });

    private async Task<FlowInstance> StartLaterAsync(string definition, string application)
    {
        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        return await StartAsync(definition, application);
    }

    private Task<FlowInstancePage> ListAsync(FlowInstanceQuery query) =>
        _host.InScopeAsync(s => s.GetRequiredService<IFlowInstanceStore>().ListAsync(query, default));

    private async Task<List<string>> IdsAsync(FlowInstanceQuery query) =>
        (await ListAsync(query)).Items.Select(i => i.Id).ToList();
}
