using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;
using SR = OpenIddict.Abstractions.OpenIddictResources;

namespace Flows.AuthServer.Protocol;

/// <summary>
/// OpenIddict's event dispatcher, with each event's handlers listed once per options instance. OpenIddict's own
/// dispatcher (<c>OpenIddictServerDispatcher</c>, 7.8 and 7.9) walks all of its several hundred handler descriptors for each
/// of the dozens of events one token request raises, only to skip those of other events, and resolves every filter
/// and handler from the container as it goes; together that was a tenth of the token endpoint's CPU. This one walks
/// only the event's descriptors, in the same (sorted) order, keeps the filters and handlers registered as singletons
/// (the same instances the container would return), and otherwise does exactly what OpenIddict's does: filters
/// evaluated just before their handler, scoped handlers resolved from the request's scope, the same errors, the same
/// stop conditions (handled, skipped, rejected) and the same debug logs.
/// </summary>
public sealed class IndexedServerDispatcher(
    ILogger<OpenIddictServerDispatcher> logger,
    IOptionsMonitor<OpenIddictServerOptions> options,
    IServiceProvider provider,
    RegisteredLifetimes lifetimes)
    : IOpenIddictServerDispatcher
{
    public async ValueTask DispatchAsync<TContext>(TContext context) where TContext : BaseContext
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var entry in EntriesOf<TContext>())
        {
            // Most filters answer synchronously: only the others pay for an await.
            var active = IsActive(entry, context, out var pending) || (pending is not null && await pending.Value);
            if (!active)
            {
                continue;
            }

            var handler = entry.Handler ?? Resolve<TContext>(entry.Descriptor);
            try
            {
                await handler.HandleAsync(context);
            }
            catch (Exception exception) when (!IsFatal(exception) && logger.IsEnabled(LogLevel.Debug))
            {
                logger.LogDebug(exception, Text(SR.ID6132), handler.GetType().FullName, typeof(TContext).FullName);
                throw;
            }

            LogDebug(SR.ID6133, handler);
            switch (context)
            {
                case BaseRequestContext { IsRequestHandled: true }:
                    LogDebug(SR.ID6134, handler);
                    return;

                case BaseRequestContext { IsRequestSkipped: true }:
                    LogDebug(SR.ID6135, handler);
                    return;

                case BaseValidatingContext { IsRejected: true }:
                    LogDebug(SR.ID6136, handler);
                    return;
            }
        }

        void LogDebug(string id, IOpenIddictServerHandler<TContext> handler)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.LogDebug(Text(id), typeof(TContext).FullName, handler.GetType().FullName);
            }
        }
    }

    /// <summary>
    /// Evaluates the filters in order, as long as they answer synchronously: true when all are active, false with no
    /// <paramref name="pending"/> when one is not, and false with <paramref name="pending"/> set when a filter answers
    /// later (the rest are then evaluated by <see cref="IsActiveAsync{TContext}"/>).
    /// </summary>
    private bool IsActive<TContext>(HandlerEntry<TContext> entry, TContext context, out ValueTask<bool>? pending)
        where TContext : BaseContext
    {
        pending = null;
        for (var index = 0; index < entry.Filters.Length; index++)
        {
            var result = FilterOf(entry, index).IsActiveAsync(context);
            if (!result.IsCompletedSuccessfully)
            {
                pending = IsActiveAsync(entry, context, index, result);
                return false;
            }

            if (!result.Result)
            {
                return false;
            }
        }

        return true;
    }

    private async ValueTask<bool> IsActiveAsync<TContext>(HandlerEntry<TContext> entry, TContext context, int index, ValueTask<bool> current)
        where TContext : BaseContext
    {
        if (!await current)
        {
            return false;
        }

        for (index++; index < entry.Filters.Length; index++)
        {
            if (!await FilterOf(entry, index).IsActiveAsync(context))
            {
                return false;
            }
        }

        return true;
    }

    private IOpenIddictServerHandlerFilter<TContext> FilterOf<TContext>(HandlerEntry<TContext> entry, int index) where TContext : BaseContext =>
        entry.Filters[index] ?? Filter<TContext>(entry.Descriptor.FilterTypes[index]);

    private IOpenIddictServerHandlerFilter<TContext> Filter<TContext>(Type type) where TContext : BaseContext =>
        provider.GetService(type) as IOpenIddictServerHandlerFilter<TContext>
            ?? throw new InvalidOperationException(SR.FormatID0099(type));

    private IOpenIddictServerHandler<TContext> Resolve<TContext>(OpenIddictServerHandlerDescriptor descriptor)
        where TContext : BaseContext => descriptor.ServiceDescriptor switch
    {
        { ImplementationInstance: IOpenIddictServerHandler<TContext> handler } => handler,
        _ when provider.GetService(descriptor.ServiceDescriptor.ServiceType) is IOpenIddictServerHandler<TContext> handler => handler,
        _ => throw new InvalidOperationException(SR.FormatID0098(descriptor.ServiceDescriptor.ServiceType)),
    };

    private HandlerEntry<TContext>[] EntriesOf<TContext>() where TContext : BaseContext
    {
        var current = options.CurrentValue;
        return HandlersOf<TContext>.ByOptions.TryGetValue(current, out var entries)
            ? entries
            : HandlersOf<TContext>.ByOptions.GetValue(current, IndexOf<TContext>);
    }

    /// <summary>
    /// The event's descriptors in the options' order (sorted by OpenIddict when the options are built, not changed
    /// after), each with its handler and filters when the container holds them as singletons. Anything that cannot be
    /// resolved now is left to be resolved when it runs, where it fails as it would have with OpenIddict's dispatcher.
    /// </summary>
    private HandlerEntry<TContext>[] IndexOf<TContext>(OpenIddictServerOptions serverOptions) where TContext : BaseContext =>
        serverOptions.Handlers.Where(descriptor => descriptor.ContextType == typeof(TContext))
            .Select(descriptor => new HandlerEntry<TContext>(
                descriptor,
                descriptor.ServiceDescriptor.ImplementationInstance as IOpenIddictServerHandler<TContext>
                    ?? (descriptor.ServiceDescriptor.Lifetime == ServiceLifetime.Singleton
                        ? Singleton<IOpenIddictServerHandler<TContext>>(descriptor.ServiceDescriptor.ServiceType)
                        : null),
                descriptor.FilterTypes.Select(Singleton<IOpenIddictServerHandlerFilter<TContext>>).ToArray()))
            .ToArray();

    private T? Singleton<T>(Type type) where T : class
    {
        if (!lifetimes.IsSingleton(type))
        {
            return null;
        }

        try
        {
            return provider.GetService(type) as T;
        }
        catch (Exception exception) when (!IsFatal(exception))
        {
            return null;
        }
    }

    private static string Text(string id) => SR.ResourceManager.GetString(id, SR.Culture)!;

    /// <summary>As OpenIddict decides which exceptions are not worth a debug log on the way out.</summary>
    private static bool IsFatal(Exception exception) => exception switch
    {
        ThreadAbortException => true,
        OutOfMemoryException and not InsufficientMemoryException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsFatal),
        { InnerException: { } inner } => IsFatal(inner),
        _ => false,
    };

    /// <summary>A handler descriptor with its singleton handler and filters, where the container has them as such.</summary>
    private sealed record HandlerEntry<TContext>(
        OpenIddictServerHandlerDescriptor Descriptor,
        IOpenIddictServerHandler<TContext>? Handler,
        IOpenIddictServerHandlerFilter<TContext>?[] Filters)
        where TContext : BaseContext;

    /// <summary>The index of one event type, per options instance: each environment has its own, dropped with it.</summary>
    private static class HandlersOf<TContext> where TContext : BaseContext
    {
        public static readonly ConditionalWeakTable<OpenIddictServerOptions, HandlerEntry<TContext>[]> ByOptions = new();
    }
}
