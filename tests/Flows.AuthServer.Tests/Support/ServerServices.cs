using Flows.Activities;
using Flows.AuthServer.Applications;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Hosting;
using Flows.AuthServer.IdentityProviders;
using Flows.AuthServer.Messaging;
using Flows.AuthServer.Outbound;
using Flows.AuthServer.Protocol;
using Flows.AuthServer.Provisioning;
using Flows.AuthServer.Retention;
using Flows.AuthServer.Users;
using Flows.Engine.Hosting;
using Flows.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Flows.AuthServer.Tests.Support;

/// <summary>
/// The server's services wired as the server wires them, without HTTP, on a fresh SQLite file and a clock
/// the test moves. Passwords hash with few iterations so tests stay fast.
/// </summary>
public sealed class ServerServices : IAsyncDisposable
{
    public const int TestIterations = 1_000;
    public const int TestMaxFailedAttempts = 3;
    public static readonly TimeSpan TestLockoutDuration = TimeSpan.FromMinutes(5);
    public const int TestMaxFailedOtpAttempts = 4;
    public static readonly TimeSpan TestOtpLockoutDuration = TimeSpan.FromMinutes(7);

    /// <summary>The server project's folder, where <c>environments/demo.json</c> lives.</summary>
    public static string ServerContentRoot => Path.Combine(RepositoryPaths.Root, "src", "Flows.AuthServer");

    private readonly TestDatabase _database;
    private readonly ServiceProvider _services;

    private ServerServices(TestDatabase database, ServiceProvider services, FakeTimeProvider clock, ListLoggerProvider logs)
    {
        _database = database;
        _services = services;
        Clock = clock;
        Logs = logs;
    }

    public FakeTimeProvider Clock { get; }

    public ListLoggerProvider Logs { get; }

    /// <summary>What start-up showed the operator on the console.</summary>
    public StringWriter Console { get; private init; } = new();

    public IServiceProvider Services => _services;

    /// <summary>
    /// Starts the services; <paramref name="settings"/> add to or replace the test defaults. On a fresh SQLite file, or on
    /// <paramref name="database"/> (which they then own and drop).
    /// </summary>
    public static async Task<ServerServices> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, TestDatabase? database = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings(settings)).Build();
        database ??= TestDatabase.Sqlite();
        var clock = new FakeTimeProvider(FlowsTestHost.StartTime);
        var logs = new ListLoggerProvider();

        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(new TestHostEnvironment());
        services.AddLogging(logging => logging.AddProvider(logs));
        var console = new StringWriter();
        services.AddSingleton(new OperatorConsole(console));
        services.AddHttpContextAccessor();
        services.AddFlowsEngine(database.Options, FlowsActivityCatalog.Types);
        services.AddServerData(database.Options);
        services.AddFlowsApplications(ProtocolAccelerationOptions.From(configuration));
        services.AddEnvironmentCatalog();
        services.AddSingleton<EnvironmentKeyStore>();
        services.AddFlowsUsers(configuration);
        services.AddFlowsOutbound();
        services.AddFlowsMessaging();
        services.AddFlowsEnvironmentImport(configuration);
        services.AddIdentityProviderRules();
        services.AddFlowsRetention(configuration);

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        await provider.MigrateServerDataAsync();
        return new ServerServices(database, provider, clock, logs) { Console = console };
    }

    /// <summary>Runs one call in its own scope, as one HTTP request would.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> call)
    {
        await using var scope = _services.CreateAsyncScope();
        return await call(scope.ServiceProvider);
    }

    public Task InScopeAsync(Func<IServiceProvider, Task> call) => InScopeAsync(async services =>
    {
        await call(services);
        return true;
    });

    public Task<T> InDatabaseAsync<T>(Func<ServerDbContext, Task<T>> query) =>
        InScopeAsync(services => query(services.GetRequiredService<ServerDbContext>()));

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static Dictionary<string, string?> Settings(IReadOnlyDictionary<string, string?>? overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"{FlowsPasswordOptions.Section}:{nameof(FlowsPasswordOptions.Iterations)}"] = TestIterations.ToString(),
            [$"{FlowsLockoutOptions.Section}:{nameof(FlowsLockoutOptions.MaxFailedAttempts)}"] = TestMaxFailedAttempts.ToString(),
            [$"{FlowsLockoutOptions.Section}:{nameof(FlowsLockoutOptions.Duration)}"] = TestLockoutDuration.ToString(),
            [$"{FlowsLockoutOptions.Section}:{nameof(FlowsLockoutOptions.MaxFailedOtpAttempts)}"] = TestMaxFailedOtpAttempts.ToString(),
            [$"{FlowsLockoutOptions.Section}:{nameof(FlowsLockoutOptions.OtpDuration)}"] = TestOtpLockoutDuration.ToString(),
            [EnvironmentImportOptions.WorkflowsPathKey] = RepositoryPaths.Workflows,
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>OpenIddict's core as the server configures it: environment-scoped applications, no entity cache.</summary>
    private sealed class TestHostEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Microsoft.Extensions.Hosting.Environments.Development;

        public string ApplicationName { get; set; } = "Flows.AuthServer";

        public string ContentRootPath { get; set; } = ServerContentRoot;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
