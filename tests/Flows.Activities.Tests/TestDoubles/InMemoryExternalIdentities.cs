using Flows.Activities.IdentityProviders;
using Flows.Activities.Users;

namespace Flows.Activities.Tests.TestDoubles;

/// <summary>An <see cref="IExternalIdentities"/> in memory: the providers given, links by provider and subject.</summary>
public sealed class InMemoryExternalIdentities(IUserDirectory users) : IExternalIdentities
{
    private readonly Dictionary<string, ExternalProvider> _providers = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Provider, string Subject), string> _links = [];

    public void Add(ExternalProvider provider) => _providers[provider.Id] = provider;

    public Task<ExternalProvider?> FindProviderAsync(string environmentId, string providerId, CancellationToken cancellationToken) =>
        Task.FromResult(_providers.GetValueOrDefault(providerId));

    public async Task<DirectoryUser?> FindLinkedUserAsync(string environmentId, string providerId, string subject, CancellationToken cancellationToken) =>
        _links.TryGetValue((providerId, subject), out var userId) ? await users.FindByIdAsync(environmentId, userId, cancellationToken) : null;

    public Task<DirectoryUser?> FindByEmailAsync(string environmentId, string email, CancellationToken cancellationToken) =>
        Task.FromResult<DirectoryUser?>(null);

    public Task<bool> LinkAsync(string environmentId, string providerId, string subject, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(_links.TryAdd((providerId, subject), userId));

    public Task<DirectoryUser?> CreateLinkedUserAsync(string environmentId, string providerId, ExternalIdentity identity, CancellationToken cancellationToken) =>
        Task.FromResult<DirectoryUser?>(null);
}
