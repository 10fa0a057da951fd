using Flows.Engine.Activities;
using Flows.Engine.Definitions;
using Flows.Engine.Instances;
using Flows.Engine.Runtime;
using Flows.Engine.Tests.TestActivities;
using Flows.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Flows.Engine.Tests.TestFlows;

namespace Flows.Engine.Tests;

/// <summary>The runner's contract, run once per database provider.</summary>
public abstract class FlowRunnerTests : IAsyncLifetime
{
    private readonly TestGate _gate = new();
    private FlowsTestHost _host = null!;

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        _host = await FlowsTestHost.StartAsync(TestCatalog.Types, services => services.AddSingleton(_gate), await CreateDatabaseAsync());
        await _host.PublishAsync(Color());
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Start_runs_until_the_first_prompt_and_stores_it()
    {
        var started = await StartColorAsync();

        var stored = await _host.FindAsync(started.Id);
        Assert.NotNull(stored);
        Assert.Equal(FlowInstanceStatus.Suspended, stored.Status);
        Assert.Equal("ask", stored.CurrentNodeId);
        Assert.Equal(AskForColor.Status, stored.Prompt!.Status);
        Assert.Equal([AskForColor.Choose], stored.Prompt.Actions);
        Assert.Equal("Pick a color", stored.Prompt.Data!["question"]!.GetValue<string>());
        Assert.Equal(("color", 1, "app-1"), (stored.DefinitionId, stored.DefinitionVersion, stored.ApplicationId));
        Assert.Equal(_host.Clock.GetUtcNow().AddMinutes(15), stored.ExpiresAt);
    }

    [Fact]
    public async Task Resume_follows_the_outcome_to_completion_and_journals_every_step()
    {
        var started = await StartColorAsync();

        var finished = await _host.ResumeAsync(started.Id, Choose("red"));

        Assert.Equal(FlowInstanceStatus.Completed, finished.Status);
        Assert.Null(finished.Prompt);
        var stored = await _host.FindAsync(started.Id);
        Assert.Equal((FlowInstanceStatus.Completed, "user-1"), (stored!.Status, stored.UserId));
        Assert.Equal(["test"], stored.State.Amr);
        var journal = await _host.JournalAsync(started.Id);
        Assert.Equal(
            [("ask", FlowStepResult.Suspended, null), ("ask", FlowStepResult.Outcome, "red"), ("finish", FlowStepResult.Completed, null)],
            journal.Select(e => (e.NodeId, e.Result, e.Outcome)));
        Assert.Equal(AskForColor.Choose, journal[1].Action);
        Assert.All(journal, e => Assert.True(e.DurationMicroseconds >= 0));
    }

    [Fact]
    public async Task A_failing_outcome_ends_the_flow_with_the_activity_error()
    {
        var started = await StartColorAsync();

        var failed = await _host.ResumeAsync(started.Id, Choose("blue"));

        Assert.Equal(FlowInstanceStatus.Failed, failed.Status);
        Assert.Equal(new FlowError("REJECTED", "Not today."), (await _host.FindAsync(started.Id))!.Error);
    }

    [Fact]
    public async Task An_invalid_answer_keeps_the_prompt_and_adds_the_error()
    {
        var started = await StartColorAsync();

        var again = await _host.ResumeAsync(started.Id, Choose("green"));

        var stored = await _host.FindAsync(started.Id);
        Assert.Equal((FlowInstanceStatus.Suspended, "ask"), (stored!.Status, stored.CurrentNodeId));
        Assert.Equal("INVALID_COLOR", stored.Prompt!.Error!.Code);
        Assert.Equal(again.Revision, stored.Revision);
        Assert.Equal(FlowInstanceStatus.Completed, (await _host.ResumeAsync(started.Id, Choose("red"))).Status);
    }

    [Fact]
    public async Task An_action_the_prompt_does_not_accept_is_refused_and_changes_nothing()
    {
        var started = await StartColorAsync();

        var error = await Assert.ThrowsAsync<FlowActionNotAllowedException>(() =>
            _host.ResumeAsync(started.Id, FlowAction.Create("otp.check", new { otp = "123456" })));

        Assert.Equal([AskForColor.Choose], error.AllowedActions);
        Assert.Equal(started.Revision, (await _host.FindAsync(started.Id))!.Revision);
    }

    [Fact]
    public async Task A_faulted_step_leaves_the_instance_as_it_was_and_is_journaled()
    {
        await _host.PublishAsync(WithNode(Color("boom"), "finish", nameof(Explode), Explode.Done));
        var started = await _host.StartFlowAsync(new FlowStartRequest(FlowsTestHost.Environment, "boom"));

        var error = await Assert.ThrowsAsync<FlowStepFaultedException>(() => _host.ResumeAsync(started.Id, Choose("red")));

        Assert.DoesNotContain("secret", error.Message);
        var stored = await _host.FindAsync(started.Id);
        Assert.Equal((FlowInstanceStatus.Suspended, "ask", started.Revision), (stored!.Status, stored.CurrentNodeId, stored.Revision));
        var fault = (await _host.JournalAsync(started.Id)).Last();
        Assert.Equal(("finish", FlowStepResult.Faulted, FlowEngineErrors.StepFaulted), (fault.NodeId, fault.Result, fault.ErrorCode));
        Assert.Equal(FlowInstanceStatus.Failed, (await _host.ResumeAsync(started.Id, Choose("blue"))).Status);
    }

    [Fact]
    public async Task A_rejected_answer_leaves_the_instance_as_it_was_and_is_journaled()
    {
        var started = await StartColorAsync();

        var error = await Assert.ThrowsAsync<FlowActionRejectedException>(() => _host.ResumeAsync(started.Id, Choose(AskForColor.Refused)));

        Assert.Equal(AskForColor.RefusedCode, error.Error.Code);
        var stored = await _host.FindAsync(started.Id);
        Assert.Equal((FlowInstanceStatus.Suspended, "ask", started.Revision), (stored!.Status, stored.CurrentNodeId, stored.Revision));
        Assert.Null(stored.Prompt!.Error);
        var rejected = (await _host.JournalAsync(started.Id)).Last();
        Assert.Equal(("ask", FlowStepResult.Rejected, AskForColor.RefusedCode), (rejected.NodeId, rejected.Result, rejected.ErrorCode));
        Assert.Equal(FlowInstanceStatus.Completed, (await _host.ResumeAsync(started.Id, Choose("red"))).Status);
    }

    [Fact]
    public async Task An_instance_finishes_on_the_version_it_started_on()
    {
        var onVersionOne = await StartColorAsync();
        var swapped = Color(question: "Pick again");
        (swapped.Edges[0], swapped.Edges[1]) = (new("ask", AskForColor.Red, "reject"), new("ask", AskForColor.Blue, "finish"));
        Assert.Equal(2, (await _host.PublishAsync(swapped, "red now rejects")).Version);

        var finished = await _host.ResumeAsync(onVersionOne.Id, Choose("red"));
        var onVersionTwo = await StartColorAsync();

        Assert.Equal(FlowInstanceStatus.Completed, finished.Status);
        Assert.Equal(2, onVersionTwo.DefinitionVersion);
        Assert.Equal("Pick again", onVersionTwo.Prompt!.Data!["question"]!.GetValue<string>());
        Assert.Equal(FlowInstanceStatus.Failed, (await _host.ResumeAsync(onVersionTwo.Id, Choose("red"))).Status);
    }

    [Fact]
    public async Task An_idle_instance_expires_and_refuses_to_resume()
    {
        var started = await StartColorAsync();
        _host.Clock.Advance(TimeSpan.FromMinutes(15));

        await Assert.ThrowsAsync<FlowExpiredException>(() => _host.ResumeAsync(started.Id, Choose("red")));

        Assert.Equal(FlowInstanceStatus.Expired, (await _host.FindAsync(started.Id))!.Status);
        await Assert.ThrowsAsync<FlowExpiredException>(() => _host.ResumeAsync(started.Id, Choose("red")));
    }

    [Fact]
    public async Task Each_step_moves_the_expiry_forward()
    {
        var started = await StartColorAsync();
        _host.Clock.Advance(TimeSpan.FromMinutes(10));
        await _host.ResumeAsync(started.Id, Choose("green"));
        _host.Clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(FlowInstanceStatus.Completed, (await _host.ResumeAsync(started.Id, Choose("red"))).Status);
    }

    [Fact]
    public async Task The_sweeper_expires_only_idle_waiting_instances()
    {
        var idle = await StartColorAsync();
        var done = await StartColorAsync();
        await _host.ResumeAsync(done.Id, Choose("red"));
        _host.Clock.Advance(TimeSpan.FromMinutes(14));
        var fresh = await StartColorAsync();
        _host.Clock.Advance(TimeSpan.FromMinutes(2));

        var expired = await _host.InScopeAsync(s => s.GetRequiredService<IFlowInstanceStore>().ExpireIdleAsync(_host.Clock.GetUtcNow(), default));

        Assert.Equal(1, expired);
        Assert.Equal(FlowInstanceStatus.Expired, (await _host.FindAsync(idle.Id))!.Status);
        Assert.Equal(FlowInstanceStatus.Completed, (await _host.FindAsync(done.Id))!.Status);
        Assert.Equal(FlowInstanceStatus.Suspended, (await _host.FindAsync(fresh.Id))!.Status);
    }

    [Fact]
    public async Task Of_two_concurrent_resumes_exactly_one_wins()
    {
        var started = await StartColorAsync();
        _gate.HoldUntil(2);

        var resumes = new[] { Choose("red"), Choose("blue") }
            .Select(action => Task.Run(async () =>
            {
                try
                {
                    return (await _host.ResumeAsync(started.Id, action)).Status.ToString();
                }
                catch (FlowConflictException)
                {
                    return "conflict";
                }
            }))
            .ToList();
        var outcomes = await Task.WhenAll(resumes);

        Assert.Single(outcomes, o => o == "conflict");
        var winner = outcomes.Single(o => o != "conflict");
        var stored = await _host.FindAsync(started.Id);
        Assert.Equal(winner, stored!.Status.ToString());
        Assert.Equal(started.Revision + 1, stored.Revision);
        Assert.Equal(2, (await _host.JournalAsync(started.Id)).Count(e => e.NodeId == "ask" && e.Action is null) + 1);
    }

    [Fact]
    public async Task After_a_restart_a_suspended_flow_continues_where_it_was()
    {
        var started = await StartColorAsync();
        await _host.ResumeAsync(started.Id, Choose("green"));

        await _host.RestartAsync();
        var finished = await _host.ResumeAsync(started.Id, Choose("red"));

        Assert.Equal(FlowInstanceStatus.Completed, finished.Status);
        Assert.Equal(4, (await _host.JournalAsync(started.Id)).Count);
    }

    [Fact]
    public async Task A_loop_without_a_prompt_is_stopped_by_the_step_budget()
    {
        var loop = new FlowDefinition { Id = "spin", Name = "Spin", Start = "a", Nodes = [Node("a", nameof(Jump))], Edges = [new("a", Jump.Next, "a")] };
        await _host.InScopeAsync(s => s.GetRequiredService<IFlowDefinitionStore>().PublishAsync(FlowsTestHost.Environment, loop, null, default));

        var spun = await _host.StartFlowAsync(new FlowStartRequest(FlowsTestHost.Environment, "spin"));

        Assert.Equal(FlowInstanceStatus.Failed, spun.Status);
        Assert.Equal(FlowEngineErrors.StepBudgetExceeded, spun.Error!.Code);
        Assert.Equal(100, (await _host.JournalAsync(spun.Id)).Count(e => e.Outcome == Jump.Next));
    }

    [Fact]
    public async Task Restart_runs_the_flow_again_from_its_start_node()
    {
        var started = await StartColorAsync();
        await _host.ResumeAsync(started.Id, Choose("green"));
        var restarted = await _host.InScopeAsync(s => s.GetRequiredService<FlowRunner>().RestartAsync(started.Id));

        Assert.Equal((FlowInstanceStatus.Suspended, "ask"), (restarted.Status, restarted.CurrentNodeId));
        Assert.Null(restarted.Prompt!.Error);
        Assert.Equal(2, (await _host.JournalAsync(started.Id)).Count(e => e.NodeId == "ask" && e.Action is null));
        Assert.Equal(started.Revision + 2, restarted.Revision);
        Assert.Equal(FlowInstanceStatus.Completed, (await _host.ResumeAsync(started.Id, Choose("red"))).Status);
    }

    [Fact]
    public async Task Cancel_ends_a_waiting_instance_and_refuses_later_actions()
    {
        var started = await StartColorAsync();

        await _host.InScopeAsync(s => s.GetRequiredService<FlowRunner>().CancelAsync(started.Id));

        await Assert.ThrowsAsync<FlowNotResumableException>(() => _host.ResumeAsync(started.Id, Choose("red")));
        var stored = await _host.FindAsync(started.Id);
        Assert.Equal((FlowInstanceStatus.Cancelled, FlowEngineErrors.Cancelled), (stored!.Status, stored.Error?.Code));
    }

    [Fact]
    public async Task Cancel_of_a_revision_that_moved_on_is_a_conflict_and_changes_nothing()
    {
        var started = await StartColorAsync();

        await Assert.ThrowsAsync<FlowConflictException>(() =>
            _host.InScopeAsync(s => s.GetRequiredService<FlowRunner>().CancelAsync(started.Id, started.Revision - 1)));

        var stored = await _host.FindAsync(started.Id);
        Assert.Equal((FlowInstanceStatus.Suspended, started.Revision), (stored!.Status, stored.Revision));
        var cancelled = await _host.InScopeAsync(s => s.GetRequiredService<FlowRunner>().CancelAsync(started.Id, started.Revision));
        Assert.Equal(FlowInstanceStatus.Cancelled, cancelled.Status);
    }

    [Fact]
    public async Task Unknown_instances_and_definitions_are_reported_as_such()
    {
        await Assert.ThrowsAsync<FlowNotFoundException>(() => _host.ResumeAsync("0000", Choose("red")));
        await Assert.ThrowsAsync<FlowDefinitionNotFoundException>(() =>
            _host.StartFlowAsync(new FlowStartRequest(FlowsTestHost.Environment, "color") { Version = 9 }));
        await Assert.ThrowsAsync<FlowDefinitionNotFoundException>(() =>
            _host.StartFlowAsync(new FlowStartRequest("other-environment", "color")));
    }

    [Fact]
    public async Task Properties_are_bound_with_their_defaults()
    {
        var flow = new FlowDefinition
        {
            Id = "props", Name = "Props", Start = "c",
            Nodes = [Node("c", nameof(Configurable), ("label", "hi"), ("tags", new[] { "a", "b" })), Node("end", nameof(Finish))],
            Edges = [new("c", Configurable.Done, "end")],
        };
        await _host.PublishAsync(flow);

        var done = await _host.StartFlowAsync(new FlowStartRequest(FlowsTestHost.Environment, "props"));

        Assert.Equal("hi|3|True|a,b|VeryHappy", done.State.Claims["seen"]);
    }

    [Fact]
    public async Task A_flow_started_for_a_known_user_has_them_identified_but_not_authenticated()
    {
        var started = await _host.StartFlowAsync(new FlowStartRequest(FlowsTestHost.Environment, "color") { UserId = "user-7", Username = "gus" });

        var stored = await _host.FindAsync(started.Id);
        Assert.Equal(("user-7", "gus", "user-7"), (stored!.State.UserId, stored.State.Username, stored.UserId));
        Assert.Null(stored.State.AuthenticatedAt);
        Assert.Empty(stored.State.Amr);
    }

    [Fact]
    public async Task The_result_of_a_completed_instance_is_taken_once()
    {
        var started = await StartColorAsync();
        await _host.ResumeAsync(started.Id, Choose("red"));
        var first = (await _host.FindAsync(started.Id))!;
        var second = (await _host.FindAsync(started.Id))!;

        var taken = await TakeResultAsync(first);

        await Assert.ThrowsAsync<FlowConflictException>(() => TakeResultAsync(second));
        await Assert.ThrowsAsync<FlowNotResumableException>(async () => await TakeResultAsync((await _host.FindAsync(started.Id))!));
        Assert.Equal((FlowInstanceStatus.Completed, _host.Clock.GetUtcNow()), (taken.Status, (await _host.FindAsync(started.Id))!.ExpiresAt));
    }

    [Fact]
    public async Task Only_a_completed_instance_within_its_window_has_a_result_to_take()
    {
        var waiting = await StartColorAsync();
        var completed = await StartColorAsync();
        await _host.ResumeAsync(completed.Id, Choose("red"));
        _host.Clock.Advance(TimeSpan.FromMinutes(15));

        await Assert.ThrowsAsync<FlowNotResumableException>(async () => await TakeResultAsync((await _host.FindAsync(waiting.Id))!));
        await Assert.ThrowsAsync<FlowNotResumableException>(async () => await TakeResultAsync((await _host.FindAsync(completed.Id))!));
    }

    [Fact]
    public async Task The_instances_of_a_session_token_move_to_the_token_that_replaces_it()
    {
        var owned = await _host.StartFlowAsync(new FlowStartRequest(FlowsTestHost.Environment, "color") { SessionTokenHash = "old" });
        var other = await _host.StartFlowAsync(new FlowStartRequest(FlowsTestHost.Environment, "color") { SessionTokenHash = "another" });

        var moved = await _host.InScopeAsync(s =>
            s.GetRequiredService<IFlowInstanceStore>().TransferSessionAsync(FlowsTestHost.Environment, "old", "new", default));

        Assert.Equal(1, moved);
        var stored = (await _host.FindAsync(owned.Id))!;
        Assert.Equal(("new", owned.Revision), (stored.SessionTokenHash, stored.Revision));
        Assert.Equal("another", (await _host.FindAsync(other.Id))!.SessionTokenHash);
        Assert.Equal(FlowInstanceStatus.Completed, (await _host.ResumeAsync(owned.Id, Choose("red"))).Status);
    }

    private Task<FlowInstance> TakeResultAsync(FlowInstance instance) =>
        _host.InScopeAsync(s => s.GetRequiredService<FlowRunner>().TakeResultAsync(instance));

    [Fact]
    public async Task A_handed_over_instance_continues_on_the_other_definition_for_its_application()
    {
        await _host.PublishAsync(new FlowDefinition
        {
            Id = "front", Name = "Front", Start = "handOver", Nodes = [Node("handOver", nameof(HandOver), ("definition", "color"))],
        });

        var started = await _host.StartFlowAsync(new FlowStartRequest(FlowsTestHost.Environment, "front"));
        var finished = await _host.ResumeAsync(started.Id, Choose("red"));

        Assert.Equal(("color", 1, "app-2", AskForColor.Status), (started.DefinitionId, started.DefinitionVersion, started.ApplicationId, started.Prompt!.Status));
        Assert.Equal(FlowInstanceStatus.Completed, finished.Status);
        var stored = await _host.FindAsync(started.Id);
        Assert.Equal(("color", "app-2"), (stored!.DefinitionId, stored.ApplicationId));
        var journal = await _host.JournalAsync(started.Id);
        Assert.Equal(("handOver", FlowStepResult.Outcome, "color"), (journal[0].NodeId, journal[0].Result, journal[0].Outcome));
    }

    [Fact]
    public async Task A_hand_over_to_an_unpublished_definition_fails_the_flow()
    {
        await _host.PublishAsync(new FlowDefinition
        {
            Id = "nowhere", Name = "Nowhere", Start = "handOver", Nodes = [Node("handOver", nameof(HandOver), ("definition", "missing"))],
        });

        var started = await _host.StartFlowAsync(new FlowStartRequest(FlowsTestHost.Environment, "nowhere"));

        Assert.Equal((FlowInstanceStatus.Failed, FlowEngineErrors.UnknownDefinition), (started.Status, started.Error!.Code));
    }

    private Task<FlowInstance> StartColorAsync() =>
        _host.StartFlowAsync(new FlowStartRequest(FlowsTestHost.Environment, "color") { ApplicationId = "app-1" });

    private static FlowAction Choose(string color) => FlowAction.Create(AskForColor.Choose, new { color });

    private static FlowDefinition WithNode(FlowDefinition flow, string nodeId, string type, string outcome)
    {
        flow.Nodes[flow.Nodes.FindIndex(n => n.Id == nodeId)] = Node(nodeId, type);
        flow.Nodes.Add(Node("after", nameof(Finish)));
        flow.Edges.Add(new(nodeId, outcome, "after"));
        return flow;
    }
}

public sealed class FlowRunnerOnSqliteTests : FlowRunnerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class FlowRunnerOnPostgreSqlTests : FlowRunnerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgreSqlAsync();
}
