using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;
using Flows.Engine.Definitions;
using Flows.Engine.Instances;
using Microsoft.Extensions.Time.Testing;

namespace Flows.Activities.Tests;

/// <summary>One flow instance, a fake clock and an in-memory directory: what an activity needs to run without the runner.</summary>
public sealed class ActivityTestHarness
{
    public const string EnvironmentId = "env-test";

    /// <summary>On a 30-second boundary, so TOTP steps before and after now are whole steps away.</summary>
    public static readonly DateTimeOffset StartTime = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public ActivityTestHarness()
    {
        Users = new InMemoryUserDirectory(Clock);
        Instance = NewInstance();
    }

    public FakeTimeProvider Clock { get; } = new(StartTime);

    public InMemoryUserDirectory Users { get; }

    public FlowInstance Instance { get; private set; }

    public FlowState State => Instance.State;

    public ActivityContext ContextFor<TActivity>(string nodeId = "node")
        where TActivity : Activity =>
        new(Instance, new FlowNode { Id = nodeId, Type = typeof(TActivity).Name }, Clock, CancellationToken.None);

    /// <summary>Starts over with a new, empty flow instance; the directory and clock are kept.</summary>
    public void StartNewFlow() => Instance = NewInstance();

    /// <summary>Marks the user as identified and authenticated by password, as a password step would.</summary>
    public void SignInWithPassword(TestAccount account)
    {
        State.UserId = account.Id;
        State.Username = account.Username;
        State.AddAuthenticationMethod(AuthenticationMethods.Password);
        State.AuthenticatedAt = Clock.GetUtcNow();
    }

    private static FlowInstance NewInstance() => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        EnvironmentId = EnvironmentId,
        DefinitionId = "test-flow",
        DefinitionVersion = 1,
    };
}
