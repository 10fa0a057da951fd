using Flows.Engine.Definitions;
using Flows.Engine.Hosting;
using Flows.Engine.Instances;
using Flows.Engine.Persistence;
using Flows.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Flows.Testing;

/// <summary>
/// The engine as the server wires it, on a real database, with a clock the test moves. Restarting builds
/// a new container over the same database, as a process restart would.
/// </summary>
public sealed class FlowsTestHost : IAsyncDisposable
{
    public const string Environment = "test";

    /// <summary>The fake clock's start: on a 30-second boundary, so TOTP time steps are predictable.</summary>
    public static readonly DateTimeOffset StartTime = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private readonly TestDatabase _database;
    private readonly IReadOnlyList<Type> _activityTypes;
    private readonly Action<IServiceCollection>? _configure;
    private ServiceProvider _services;

    private FlowsTestHost(TestDatabase database, IReadOnlyList<Type> activityTypes, Action<IServiceCollection>? configure, FakeTimeProvider clock)
    {
        _database = database;
        _activityTypes = activityTypes;
        _configure = configure;
        Clock = clock;
        _services = Build();
    }

    public FakeTimeProvider Clock { get; }

    public IServiceProvider Services => _services;

    public static async Task<FlowsTestHost> StartAsync(
        IEnumerable<Type> activityTypes,
        Action<IServiceCollection>? configure = null,
        TestDatabase? database = null,
        FakeTimeProvider? clock = null)
    {
        clock ??= new FakeTimeProvider(StartTime);
        var host = new FlowsTestHost(database ?? TestDatabase.Sqlite(), activityTypes.ToList(), configure, clock);
        await FlowsDatabase.MigrateAsync(host.Services);
        return host;
    }

    /// <summary>Drops every service and cache and builds them again over the same database.</summary>
    public async Task RestartAsync()
    {
        await _services.DisposeAsync();
        _services = Build();
    }

    /// <summary>Runs one call in its own scope, as one HTTP request would.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> call)
    {
        await using var scope = _services.CreateAsyncScope();
        return await call(scope.ServiceProvider);
    }

    public Task<FlowInstance> StartFlowAsync(FlowStartRequest request) =>
        InScopeAsync(services => services.GetRequiredService<FlowRunner>().StartAsync(request));

    public Task<FlowInstance> ResumeAsync(string instanceId, Flows.Engine.Activities.FlowAction action) =>
        InScopeAsync(services => services.GetRequiredService<FlowRunner>().ResumeAsync(instanceId, action));

    public Task<FlowInstance?> FindAsync(string instanceId) =>
        InScopeAsync(services => services.GetRequiredService<IFlowInstanceStore>().FindAsync(instanceId, CancellationToken.None));

    public Task<IReadOnlyList<FlowJournalEntry>> JournalAsync(string instanceId) =>
        InScopeAsync(services => services.GetRequiredService<IFlowInstanceStore>().GetJournalAsync(instanceId, CancellationToken.None));

    public Task<FlowDefinition> PublishAsync(FlowDefinition definition, string? note = null) =>
        InScopeAsync(services => services.GetRequiredService<FlowPublisher>().PublishAsync(Environment, definition, note));

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        _configure?.Invoke(services);
        services.AddFlowsEngine(_database.Options, _activityTypes);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }
}
