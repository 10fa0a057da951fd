using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Engine.Instances;
using Flows.Engine.Runtime;
using Flows.Engine.Tests.TestActivities;
using Flows.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.Engine.Tests;

/// <summary>
/// The store writes runs and steps as plain statements from the model's mapping: every column must read back through
/// EF Core exactly as written, on each provider.
/// </summary>
public abstract class StoredRunRoundTripTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private FlowsTestHost _host = null!;

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync() => _host = await FlowsTestHost.StartAsync(TestCatalog.Types, _ => { }, await CreateDatabaseAsync());

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_run_written_with_every_column_set_reads_back_as_written()
    {
        var run = Run("every-column");
        run.ApplicationId = "app";
        run.UserId = "user-1";
        run.Prompt = new FlowPrompt("WAITING", ["submit", "cancel"], new JsonObject { ["username"] = "ada" }, new FlowError("WRONG", "Try again", "password"));
        run.State.Username = "ada";
        run.State.Amr.Add("pwd");
        run.State.AuthenticatedAt = FlowsTestHost.StartTime.AddSeconds(3.25);
        run.State.Claims["email"] = "ada@example.test";
        run.Error = new FlowError("FAILED", "It failed") { Details = [new("TOO_SHORT", "password", "Too short")] };

        await Store(store => store.CreateAsync(run, [Step(run.Id, 1)], default));

        AssertSame(run, await _host.FindAsync(run.Id));
        var step = (await _host.JournalAsync(run.Id)).Single();
        Assert.True(step.Id > 0);
        step.Id = 0; // numbered by the database
        Assert.Equal(JsonSerializer.Serialize(Step(run.Id, 1), Web), JsonSerializer.Serialize(step, Web));
    }

    [Fact]
    public async Task A_saved_step_reads_back_as_written_and_a_second_save_at_the_old_revision_is_a_conflict()
    {
        var run = Run("step");
        await Store(store => store.CreateAsync(run, [], default));
        var stored = (await _host.FindAsync(run.Id))!;
        stored.Status = FlowInstanceStatus.Completed;
        stored.CurrentNodeId = null;
        stored.Prompt = null;
        stored.UserId = "user-2";
        stored.UpdatedAt = FlowsTestHost.StartTime.AddMinutes(1);
        stored.Revision = 1;

        await Store(store => store.UpdateAsync(stored, expectedRevision: 0, [Step(run.Id, 2)], default));
        var replay = await Assert.ThrowsAsync<FlowConflictException>(() => Store(store => store.UpdateAsync(stored, expectedRevision: 0, [], default)));

        AssertSame(stored, await _host.FindAsync(run.Id));
        Assert.Single(await _host.JournalAsync(run.Id));
        Assert.Contains(run.Id, replay.Message);
    }

    private Task Store(Func<IFlowInstanceStore, Task> write) =>
        _host.InScopeAsync(async services =>
        {
            await write(services.GetRequiredService<IFlowInstanceStore>());
            return true;
        });

    private static void AssertSame(FlowInstance expected, FlowInstance? actual)
    {
        Assert.NotNull(actual);
        expected.Stored = null;
        actual.Stored = null;
        Assert.Equal(JsonSerializer.Serialize(expected, Web), JsonSerializer.Serialize(actual, Web));
    }

    private static FlowInstance Run(string id) => new()
    {
        Id = id,
        EnvironmentId = FlowsTestHost.Environment,
        DefinitionId = "color",
        DefinitionVersion = 2,
        Status = FlowInstanceStatus.Suspended,
        CurrentNodeId = "ask",
        SessionTokenHash = "hash-of-token",
        Request = "{\"scope\":\"openid\"}",
        CreatedAt = FlowsTestHost.StartTime,
        UpdatedAt = FlowsTestHost.StartTime,
        ExpiresAt = FlowsTestHost.StartTime.AddMinutes(30),
    };

    private static FlowJournalEntry Step(string instanceId, int sequence) => new()
    {
        InstanceId = instanceId,
        Sequence = sequence,
        NodeId = "ask",
        ActivityType = "AskColor",
        Action = "submit",
        Result = FlowStepResult.Outcome,
        Outcome = "done",
        StartedAt = FlowsTestHost.StartTime.AddSeconds(sequence),
        DurationMicroseconds = 1234,
    };
}

public sealed class StoredRunRoundTripOnSqliteTests : StoredRunRoundTripTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class StoredRunRoundTripOnPostgreSqlTests : StoredRunRoundTripTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgreSqlAsync();
}
