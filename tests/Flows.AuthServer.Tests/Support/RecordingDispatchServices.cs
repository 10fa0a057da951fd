using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Tests.Support;

/// <summary>
/// Stands in for the container a server dispatcher resolves handlers and filters from: each handler or filter type it
/// is asked for is a double that writes into <see cref="Log"/> when it runs. A filter's answer depends only on its type
/// and the seed (as a real filter's depends on the request, whichever handler it guards); some answer asynchronously.
/// </summary>
public sealed class RecordingDispatchServices(IReadOnlySet<Type> recorded, int seed) : IServiceProvider
{
    public List<string> Log { get; } = [];

    /// <summary>A handler type that ends the dispatch when it runs, and how it ends it.</summary>
    public (Type Handler, Action<BaseContext> End)? EndAt { get; set; }

    public object? GetService(Type serviceType) => recorded.Contains(serviceType) ? new Recorder(this, serviceType) : null;

    /// <summary>The answer of a filter type: true more often than not, so that most events run several handlers.</summary>
    private FilterAnswer AnswerOf(Type filter)
    {
        // FNV-1a over the name: stable across processes, unlike string.GetHashCode.
        var hash = 2166136261u ^ (uint)seed;
        foreach (var character in filter.FullName!)
        {
            hash = (hash ^ character) * 16777619u;
        }

        return (FilterAnswer)(hash % 6);
    }

    private enum FilterAnswer { Active, ActiveToo, ActiveLater, ActiveLaterToo, Inactive, InactiveLater }

    private sealed class Recorder(RecordingDispatchServices services, Type type)
        : IOpenIddictServerHandler<BaseContext>, IOpenIddictServerHandlerFilter<BaseContext>
    {
        public ValueTask HandleAsync(BaseContext context)
        {
            services.Log.Add($"handler {type.FullName}");
            if (services.EndAt is { } end && end.Handler == type)
            {
                end.End(context);
            }

            return default;
        }

        public ValueTask<bool> IsActiveAsync(BaseContext context)
        {
            var answer = services.AnswerOf(type);
            services.Log.Add($"filter {type.FullName}: {answer}");
            return answer switch
            {
                FilterAnswer.ActiveLater or FilterAnswer.ActiveLaterToo => LaterAsync(true),
                FilterAnswer.InactiveLater => LaterAsync(false),
                FilterAnswer.Inactive => new(false),
                _ => new(true),
            };
        }

        private static async ValueTask<bool> LaterAsync(bool answer)
        {
            await Task.Yield();
            return answer;
        }
    }
}
