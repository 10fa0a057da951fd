using Flows.AuthServer.Protocol;
using Flows.AuthServer.Protocol.Handlers;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// The indexed dispatcher against OpenIddict's own: over the server's real handler list (OpenIddict's, ASP.NET Core's
/// and ours), the same event runs the same handlers in the same order behind the same filters, ends at the same
/// handler, logs the same, and fails the same way.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class IndexedServerDispatcherTests(ServerFixture server)
{
    private static readonly Action<BaseContext> Handle = context => ((BaseRequestContext)context).HandleRequest();
    private static readonly Action<BaseContext> Skip = context => ((BaseRequestContext)context).SkipRequest();
    private static readonly Action<BaseContext> Reject = context => ((BaseValidatingContext)context).Reject("invalid_request");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Every_event_runs_the_same_handlers_behind_the_same_filters_in_the_same_order(int seed)
    {
        var handlers = ServerHandlers();
        var events = handlers.Select(descriptor => descriptor.ContextType).Distinct().ToList();

        var openIddict = await DispatchAllAsync(handlers, events, seed, Dispatcher.OpenIddict);
        var indexed = await DispatchAllAsync(handlers, events, seed, Dispatcher.Indexed);

        Assert.Equal(openIddict.Log, indexed.Log);
        Assert.Equal(openIddict.Messages, indexed.Messages);
        Assert.True(events.Count > 30, "the server raises dozens of events");
        Assert.True(openIddict.Log.Count(line => line.StartsWith("handler ")) > 100, "most events run several handlers");
        Assert.Contains(openIddict.Log, line => line.EndsWith(": Inactive") || line.EndsWith(": InactiveLater"));
    }

    [Fact]
    public void The_compared_handlers_include_ours_and_those_of_OpenIddict_for_ASP_NET_Core()
    {
        var types = ServerHandlers().Select(descriptor => descriptor.ServiceDescriptor.ServiceType).ToHashSet();

        Assert.Contains(typeof(SkipRequestsOutsideEnvironments), types);
        Assert.Contains(typeof(RejectGrantsOfDisabledUsers), types);
        Assert.Contains(typeof(OpenIddictServerAspNetCoreHandlers.ResolveRequestUri), types);
        Assert.Contains(typeof(OpenIddictServerHandlers.ValidateClientSecret), types);
    }

    [Theory]
    [InlineData(nameof(Handle))]
    [InlineData(nameof(Skip))]
    [InlineData(nameof(Reject))]
    public async Task A_request_handled_skipped_or_rejected_by_a_handler_stops_at_that_handler_in_both(string ending)
    {
        var end = ending switch { nameof(Handle) => Handle, nameof(Skip) => Skip, _ => Reject };
        var handlers = ServerHandlers();
        var firstRun = await DispatchAllAsync(handlers, [typeof(ProcessRequestContext)], seed: 0, Dispatcher.OpenIddict);
        var third = firstRun.Log.Where(line => line.StartsWith("handler ")).Skip(2).First();
        var stopper = handlers.Select(descriptor => descriptor.ServiceDescriptor.ServiceType).First(type => third == $"handler {type.FullName}");

        var openIddict = await DispatchAllAsync(handlers, [typeof(ProcessRequestContext)], seed: 0, Dispatcher.OpenIddict, (stopper, end));
        var indexed = await DispatchAllAsync(handlers, [typeof(ProcessRequestContext)], seed: 0, Dispatcher.Indexed, (stopper, end));

        Assert.Equal(openIddict.Log, indexed.Log);
        Assert.Equal(openIddict.Messages, indexed.Messages);
        Assert.Equal(third, indexed.Log.Last());
        Assert.Equal(3, indexed.Log.Count(line => line.StartsWith("handler ")));
    }

    [Fact]
    public async Task Singleton_handlers_and_filters_are_the_containers_and_scoped_ones_the_dispatching_scopes()
    {
        var services = new ServiceCollection().AddSingleton<Seen>();
        var handlers = new[]
        {
            OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessRequestContext>()
                .AddFilter<ScopedFilter>().AddFilter<SingletonFilter>().UseScopedHandler<ScopedHandler>().SetOrder(1).Build(),
            OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessRequestContext>()
                .AddFilter<SingletonFilter>().UseSingletonHandler<SingletonHandler>().SetOrder(2).Build(),
        };
        services.AddScoped<ScopedFilter>().AddSingleton<SingletonFilter>();
        foreach (var descriptor in handlers)
        {
            services.Add(descriptor.ServiceDescriptor);
        }

        await using var container = services.BuildServiceProvider();
        var options = Options(handlers);
        foreach (var dispatcher in new[] { Dispatcher.OpenIddict, Dispatcher.Indexed })
        {
            foreach (var _ in Enumerable.Range(0, 2))
            {
                await using var scope = container.CreateAsyncScope();
                var seen = container.GetRequiredService<Seen>();
                seen.Instances.Clear();

                await Create(dispatcher, options, scope.ServiceProvider, services, NullLoggerFactoryOf()).DispatchAsync(Context<ProcessRequestContext>(options));

                object[] expected =
                [
                    scope.ServiceProvider.GetRequiredService<ScopedFilter>(), container.GetRequiredService<SingletonFilter>(),
                    scope.ServiceProvider.GetRequiredService<ScopedHandler>(),
                    container.GetRequiredService<SingletonFilter>(), container.GetRequiredService<SingletonHandler>(),
                ];
                Assert.Equal(expected.Length, seen.Instances.Count);
                Assert.All(expected.Zip(seen.Instances), pair => Assert.Same(pair.First, pair.Second));
            }
        }
    }

    [Fact]
    public async Task A_handler_or_filter_the_container_lacks_fails_with_openiddicts_error()
    {
        var missingHandler = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessRequestContext>()
            .UseSingletonHandler<SingletonHandler>().SetOrder(1).Build();
        var missingFilter = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessRequestContext>()
            .AddFilter<SingletonFilter>().UseSingletonHandler<SingletonHandler>().SetOrder(1).Build();

        foreach (var descriptor in new[] { missingHandler, missingFilter })
        {
            var services = new ServiceCollection().AddSingleton<Seen>();
            await using var container = services.BuildServiceProvider();
            var openIddict = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                DispatchOnceAsync(Dispatcher.OpenIddict, descriptor, container, services));
            var indexed = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                DispatchOnceAsync(Dispatcher.Indexed, descriptor, container, services));

            Assert.Equal(openIddict.Message, indexed.Message);
        }
    }

    [Fact]
    public async Task A_failing_handler_throws_through_both_with_the_same_debug_log()
    {
        var failing = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessRequestContext>()
            .UseSingletonHandler<FailingHandler>().SetOrder(1).Build();
        var services = new ServiceCollection().AddSingleton<FailingHandler>();
        await using var container = services.BuildServiceProvider();

        var messages = new List<IReadOnlyList<string>>();
        foreach (var dispatcher in new[] { Dispatcher.OpenIddict, Dispatcher.Indexed })
        {
            var logs = new ListLoggerProvider();
            var exception = await Assert.ThrowsAsync<FormatException>(() => DispatchOnceAsync(dispatcher, failing, container, services, logs));
            Assert.Equal(FailingHandler.Message, exception.Message);
            messages.Add(logs.Messages);
        }

        Assert.Equal(messages[0], messages[1]);
        Assert.Single(messages[0]);
    }

    private enum Dispatcher { OpenIddict, Indexed }

    private sealed record Run(List<string> Log, IReadOnlyList<string> Messages);

    /// <summary>The server's handler descriptors, in the order its options hold them.</summary>
    private List<OpenIddictServerHandlerDescriptor> ServerHandlers() =>
        server.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.Handlers.ToList();

    private async Task<Run> DispatchAllAsync(
        IReadOnlyList<OpenIddictServerHandlerDescriptor> handlers, IReadOnlyList<Type> events, int seed, Dispatcher dispatcher,
        (Type Handler, Action<BaseContext> End)? endAt = null)
    {
        var recorded = handlers.SelectMany(descriptor => descriptor.FilterTypes.Append(descriptor.ServiceDescriptor.ServiceType)).ToHashSet();
        var services = new RecordingDispatchServices(recorded, seed) { EndAt = endAt };
        var logs = new ListLoggerProvider();
        var options = Options(handlers);
        var instance = Create(dispatcher, options, services, server.RegisteredServices, LoggerFactory.Create(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        foreach (var type in events)
        {
            services.Log.Add($"event {type.Name}");
            var context = (BaseContext)Activator.CreateInstance(type, Transaction(options))!;
            await (ValueTask)typeof(IOpenIddictServerDispatcher).GetMethod(nameof(IOpenIddictServerDispatcher.DispatchAsync))!
                .MakeGenericMethod(type).Invoke(instance, [context])!;
        }

        return new Run(services.Log, logs.Messages);
    }

    private static async Task DispatchOnceAsync(
        Dispatcher dispatcher, OpenIddictServerHandlerDescriptor descriptor, IServiceProvider container, IServiceCollection services,
        ListLoggerProvider? logs = null)
    {
        var options = Options([descriptor]);
        var factory = logs is null ? NullLoggerFactoryOf() : LoggerFactory.Create(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        await Create(dispatcher, options, container, services, factory).DispatchAsync(Context<ProcessRequestContext>(options));
    }

    private static IOpenIddictServerDispatcher Create(
        Dispatcher dispatcher, OpenIddictServerOptions options, IServiceProvider provider, IServiceCollection services, ILoggerFactory logs)
    {
        var logger = logs.CreateLogger<OpenIddictServerDispatcher>();
        var monitor = new FixedOptions(options);
        return dispatcher == Dispatcher.OpenIddict
            ? new OpenIddictServerDispatcher(logger, monitor, provider)
            : new IndexedServerDispatcher(logger, monitor, provider, new RegisteredLifetimes(services));
    }

    /// <summary>A fresh options instance per run: the indexed dispatcher indexes each instance once.</summary>
    private static OpenIddictServerOptions Options(IEnumerable<OpenIddictServerHandlerDescriptor> handlers)
    {
        var options = new OpenIddictServerOptions();
        options.Handlers.Clear(); // OpenIddict's defaults: only the given handlers are compared
        options.Handlers.AddRange(handlers);
        return options;
    }

    private static OpenIddictServerTransaction Transaction(OpenIddictServerOptions options) =>
        new() { Options = options, Logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance };

    private static TContext Context<TContext>(OpenIddictServerOptions options) where TContext : BaseContext =>
        (TContext)Activator.CreateInstance(typeof(TContext), Transaction(options))!;

    private static ILoggerFactory NullLoggerFactoryOf() => Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;

    private sealed class FixedOptions(OpenIddictServerOptions options) : IOptionsMonitor<OpenIddictServerOptions>
    {
        public OpenIddictServerOptions CurrentValue => options;

        public OpenIddictServerOptions Get(string? name) => options;

        public IDisposable? OnChange(Action<OpenIddictServerOptions, string?> listener) => null;
    }

    /// <summary>Every handler and filter instance that ran, in order.</summary>
    private sealed class Seen
    {
        public List<object> Instances { get; } = [];
    }

    private sealed class ScopedHandler(Seen seen) : IOpenIddictServerHandler<ProcessRequestContext>
    {
        public ValueTask HandleAsync(ProcessRequestContext context)
        {
            seen.Instances.Add(this);
            return default;
        }
    }

    private sealed class SingletonHandler(Seen seen) : IOpenIddictServerHandler<ProcessRequestContext>
    {
        public ValueTask HandleAsync(ProcessRequestContext context)
        {
            seen.Instances.Add(this);
            return default;
        }
    }

    private sealed class ScopedFilter(Seen seen) : IOpenIddictServerHandlerFilter<ProcessRequestContext>
    {
        public ValueTask<bool> IsActiveAsync(ProcessRequestContext context)
        {
            seen.Instances.Add(this);
            return new(true);
        }
    }

    private sealed class SingletonFilter(Seen seen) : IOpenIddictServerHandlerFilter<ProcessRequestContext>
    {
        public ValueTask<bool> IsActiveAsync(ProcessRequestContext context)
        {
            seen.Instances.Add(this);
            return new(true);
        }
    }

    private sealed class FailingHandler : IOpenIddictServerHandler<ProcessRequestContext>
    {
        public const string Message = "The handler failed.";

        public ValueTask HandleAsync(ProcessRequestContext context) => throw new FormatException(Message);
    }
}
