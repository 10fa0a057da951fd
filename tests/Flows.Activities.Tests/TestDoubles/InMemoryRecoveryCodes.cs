using Flows.Activities.Users;

namespace Flows.Activities.Tests.TestDoubles;

/// <summary>An <see cref="IRecoveryCodes"/> in memory: codes per user, each removed when used.</summary>
public sealed class InMemoryRecoveryCodes : IRecoveryCodes
{
    private readonly Dictionary<string, List<string>> _codes = [];
    private int _issued;

    public IReadOnlyList<string> CodesOf(string userId) => _codes.GetValueOrDefault(userId) ?? [];

    public Task<bool> HasAnyAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(CodesOf(userId).Count > 0);

    public Task<IReadOnlyList<string>> RegenerateAsync(string environmentId, string userId, CancellationToken cancellationToken)
    {
        var codes = Enumerable.Range(0, 10).Select(_ => $"CODE-{++_issued:D4}").ToList();
        _codes[userId] = [.. codes];
        return Task.FromResult<IReadOnlyList<string>>(codes);
    }

    public Task<bool> TryRedeemAsync(string environmentId, string userId, string code, CancellationToken cancellationToken) =>
        Task.FromResult(_codes.TryGetValue(userId, out var codes) && codes.Remove(code.Trim().ToUpperInvariant()));
}
