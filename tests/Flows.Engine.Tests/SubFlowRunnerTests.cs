using Flows.Engine.Activities;
using Flows.Engine.Definitions;
using Flows.Engine.Instances;
using Flows.Engine.Runtime;
using Flows.Engine.Tests.TestActivities;
using Flows.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Flows.Engine.Tests.TestFlows;

namespace Flows.Engine.Tests;

/// <summary>A node that runs another published flow within the same instance, run once per database provider.</summary>
public abstract class SubFlowRunnerTests : IAsyncLifetime
{
    private static readonly Type[] Types = [.. TestCatalog.Types, typeof(RunSub), typeof(EndSub), typeof(CountVisits)];

    private FlowsTestHost _host = null!;

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        _host = await FlowsTestHost.StartAsync(Types, services => services.AddSingleton<TestGate>(), await CreateDatabaseAsync());
        await _host.PublishAsync(Picker());
        await _host.PublishAsync(Main());
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Entering_a_sub_flow_waits_on_its_prompt_with_the_parent_at_the_calling_node()
    {
        var started = await StartMainAsync();

        Assert.Equal((FlowInstanceStatus.Suspended, AskForColor.Status), (started.Status, started.Prompt!.Status));
        var stored = (await _host.FindAsync(started.Id))!;
        Assert.Equal(("main", 1, "sub"), (stored.DefinitionId, stored.DefinitionVersion, stored.CurrentNodeId));
        var frame = Assert.Single(stored.State.SubFlows!);
        Assert.Equal(("sub", "picker", 1, "ask"), (frame.CallerNodeId, frame.DefinitionId, frame.Version, frame.CurrentNodeId));
    }

    [Fact]
    public async Task Resuming_inside_the_sub_flow_continues_the_parent_by_its_end_and_journals_both()
    {
        var started = await StartMainAsync();

        var finished = await _host.ResumeAsync(started.Id, Choose(AskForColor.Red));

        Assert.Equal((FlowInstanceStatus.Completed, "success"), (finished.Status, finished.State.Acr));
        Assert.Null(finished.State.SubFlows);
        var journal = await _host.JournalAsync(started.Id);
        Assert.Equal(
            [
                ("sub", FlowStepResult.SubFlow, "picker", null, null),
                ("ask", FlowStepResult.Suspended, null, "picker", 1),
                ("ask", FlowStepResult.Outcome, "red", "picker", 1),
                ("end", FlowStepResult.Outcome, "success", "picker", 1),
                ("sub", FlowStepResult.Outcome, "success", null, null),
                ("success", FlowStepResult.Completed, null, null, (int?)null),
            ],
            journal.Select(e => (e.NodeId, e.Result, e.Outcome, e.DefinitionId, e.DefinitionVersion)));
        Assert.Equal(FlowEngineActions.SubFlowEnded, journal[4].Action);
    }

    [Fact]
    public async Task A_sub_flow_that_fails_continues_the_parent_along_denied()
    {
        var started = await StartMainAsync();

        var finished = await _host.ResumeAsync(started.Id, Choose(AskForColor.Blue));

        Assert.Equal((FlowInstanceStatus.Completed, "denied"), (finished.Status, finished.State.Acr));
        var journal = await _host.JournalAsync(started.Id);
        Assert.Contains(journal, e => e is { NodeId: "reject", Result: FlowStepResult.Failed, DefinitionId: "picker" });
    }

    [Fact]
    public async Task A_named_end_continues_the_parent_along_the_outcome_of_that_name()
    {
        await _host.PublishAsync(Picker(redEnds: "skipped"));
        var started = await StartMainAsync();

        var finished = await _host.ResumeAsync(started.Id, Choose(AskForColor.Red));

        Assert.Equal((FlowInstanceStatus.Completed, "skipped"), (finished.Status, finished.State.Acr));
    }

    [Fact]
    public async Task The_version_entered_stays_for_the_instance_when_a_new_one_is_published()
    {
        var started = await StartMainAsync();
        await _host.PublishAsync(Picker(redEnds: "skipped"));

        var finished = await _host.ResumeAsync(started.Id, Choose(AskForColor.Red));
        var later = await StartMainAsync();

        Assert.Equal("success", finished.State.Acr);
        Assert.Equal(2, Assert.Single(later.State.SubFlows!).Version);
    }

    [Fact]
    public async Task A_sub_flow_s_node_variables_are_kept_apart_from_the_caller_s_node_of_the_same_id()
    {
        await _host.PublishAsync(new FlowDefinition
        {
            Id = "counter", Name = "Counter", Start = "count",
            Nodes = [Node("count", nameof(CountVisits)), Node("end", nameof(EndSub))],
            Edges = [new("count", CountVisits.Done, "end")],
        });
        await _host.PublishAsync(new FlowDefinition
        {
            Id = "counting", Name = "Counting", Start = "count",
            Nodes = [Node("count", nameof(CountVisits)), Node("sub", nameof(RunSub), ("definition", "counter")), Node("finish", nameof(Finish))],
            Edges = [new("count", CountVisits.Done, "sub"), new("sub", RunSub.Success, "finish"), new("sub", RunSub.Denied, "finish")],
        });

        var finished = await _host.StartFlowAsync(new FlowStartRequest(FlowsTestHost.Environment, "counting"));

        Assert.Equal(FlowInstanceStatus.Completed, finished.Status);
        Assert.Equal(1, finished.State.Variables["visits"].GetInt32());
        Assert.Equal(1, finished.State.Variables["count.visits"].GetInt32());
        Assert.Equal(1, finished.State.Variables["sub/count.visits"].GetInt32());
    }

    [Fact]
    public async Task A_flow_that_runs_itself_fails_once_sub_flows_nest_too_deep()
    {
        await _host.PublishAsync(new FlowDefinition
        {
            Id = "self", Name = "Self", Start = "sub",
            Nodes = [Node("sub", nameof(RunSub), ("definition", "self")), Node("finish", nameof(Finish))],
            Edges = [new("sub", RunSub.Success, "finish"), new("sub", RunSub.Denied, "finish")],
        });

        var started = await _host.StartFlowAsync(new FlowStartRequest(FlowsTestHost.Environment, "self"));

        Assert.Equal((FlowInstanceStatus.Failed, FlowEngineErrors.SubFlowTooDeep), (started.Status, started.Error!.Code));
    }

    [Fact]
    public async Task Ending_a_sub_flow_in_a_flow_no_node_called_fails_it()
    {
        var started = await _host.StartFlowAsync(new FlowStartRequest(FlowsTestHost.Environment, "picker"));

        var ended = await _host.ResumeAsync(started.Id, Choose(AskForColor.Red));

        Assert.Equal((FlowInstanceStatus.Failed, FlowEngineErrors.NotInSubFlow), (ended.Status, ended.Error!.Code));
    }

    [Fact]
    public async Task Running_an_unpublished_version_fails_the_flow()
    {
        await _host.PublishAsync(new FlowDefinition
        {
            Id = "dangling", Name = "Dangling", Start = "sub",
            Nodes = [Node("sub", nameof(RunSub), ("definition", "picker"), ("version", 7)), Node("finish", nameof(Finish))],
            Edges = [new("sub", RunSub.Success, "finish"), new("sub", RunSub.Denied, "finish")],
        });

        var started = await _host.StartFlowAsync(new FlowStartRequest(FlowsTestHost.Environment, "dangling"));

        Assert.Equal((FlowInstanceStatus.Failed, FlowEngineErrors.UnknownDefinition), (started.Status, started.Error!.Code));
    }

    /// <summary>ask → red: end (success, or the named end), blue: reject (fails).</summary>
    private static FlowDefinition Picker(string redEnds = SubFlowOutcomes.Success) => new()
    {
        Id = "picker", Name = "Picker", Start = "ask",
        Nodes = [Node("ask", nameof(AskForColor)), Node("end", nameof(EndSub), ("outcome", redEnds)), Node("reject", nameof(Reject))],
        Edges = [new("ask", AskForColor.Red, "end"), new("ask", AskForColor.Blue, "reject")],
    };

    /// <summary>sub (picker, latest) → each outcome: a finish that records it as the acr.</summary>
    private static FlowDefinition Main() => new()
    {
        Id = "main", Name = "Main", Start = "sub",
        Nodes =
        [
            Node("sub", nameof(RunSub), ("definition", "picker"), ("ends", new[] { "skipped" })),
            Node("success", nameof(Finish), ("acr", "success")),
            Node("denied", nameof(Finish), ("acr", "denied")),
            Node("skipped", nameof(Finish), ("acr", "skipped")),
        ],
        Edges = [new("sub", RunSub.Success, "success"), new("sub", RunSub.Denied, "denied"), new("sub", "skipped", "skipped")],
    };

    private Task<FlowInstance> StartMainAsync() => _host.StartFlowAsync(new FlowStartRequest(FlowsTestHost.Environment, "main"));

    private static FlowAction Choose(string color) => FlowAction.Create(AskForColor.Choose, new { color });
}

public sealed class SubFlowRunnerOnSqliteTests : SubFlowRunnerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class SubFlowRunnerOnPostgreSqlTests : SubFlowRunnerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgreSqlAsync();
}
