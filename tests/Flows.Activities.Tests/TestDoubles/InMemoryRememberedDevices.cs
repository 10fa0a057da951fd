using Flows.Activities.Users;

namespace Flows.Activities.Tests.TestDoubles;

/// <summary>An <see cref="IRememberedDevices"/> for one browser: the users it is remembered for, until when.</summary>
public sealed class InMemoryRememberedDevices(TimeProvider clock) : IRememberedDevices
{
    private readonly Dictionary<string, DateTimeOffset> _until = [];

    public TimeSpan? LifetimeOf(string userId) => _until.TryGetValue(userId, out var until) ? until - clock.GetUtcNow() : null;

    public void Forget(string userId) => _until.Remove(userId);

    public Task<bool> IsRememberedAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(_until.TryGetValue(userId, out var until) && until > clock.GetUtcNow());

    public Task RememberAsync(string environmentId, string userId, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        _until[userId] = clock.GetUtcNow() + lifetime;
        return Task.CompletedTask;
    }
}
