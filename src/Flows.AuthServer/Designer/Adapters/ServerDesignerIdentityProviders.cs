using Flows.AuthServer.IdentityProviders;
using Flows.Designer.Services;

namespace Flows.AuthServer.Designer.Adapters;

/// <summary>
/// An environment's identity providers for the designer: every change is the <see cref="IdentityProviderService"/>'s,
/// validated, audited and made known to every node as <c>/v1</c>'s; the client secret is written, never read.
/// </summary>
public sealed class ServerDesignerIdentityProviders(IServiceScopeFactory scopes, DesignerActor actors) : IDesignerIdentityProviders
{
    private const string Path = "/identityProviders";

    public async Task<IReadOnlyList<DesignerIdentityProvider>> ListAsync(string environmentId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var listed = await scope.ServiceProvider.GetRequiredService<IdentityProviderService>().ListAsync(environmentId, cancellationToken);
        return listed.Value?.Select(provider => new DesignerIdentityProvider(
            provider.Id, provider.Name, provider.Issuer, provider.ClientId, provider.HasClientSecret,
            provider.Scopes, provider.Claims, provider.Domains, provider.CallbackPath)).ToList() ?? [];
    }

    public async Task<string?> SaveAsync(
        string environmentId, DesignerIdentityProviderChange change, bool creating, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<IdentityProviderService>();
        var request = new IdentityProviderRequest
        {
            Id = change.Id, Name = change.Name, Issuer = change.Issuer, ClientId = change.ClientId,
            ClientSecret = string.IsNullOrEmpty(change.ClientSecret) ? null : change.ClientSecret,
            Scopes = change.Scopes, Claims = change.Claims, Domains = change.Domains,
        };
        var saved = creating
            ? await service.CreateAsync(environmentId, request, await actors.OfAsync(HttpMethods.Post, Path), cancellationToken)
            : await service.ReplaceAsync(environmentId, change.Id, request,
                await actors.OfAsync(HttpMethods.Put, $"{Path}/{Uri.EscapeDataString(change.Id)}"), cancellationToken);
        return saved.Error is { } error ? DesignerMessages.Of(error) : null;
    }

    public async Task<string?> DeleteAsync(string environmentId, string providerId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var actor = await actors.OfAsync(HttpMethods.Delete, $"{Path}/{Uri.EscapeDataString(providerId)}");
        var deleted = await scope.ServiceProvider.GetRequiredService<IdentityProviderService>().DeleteAsync(environmentId, providerId, actor, cancellationToken);
        return deleted.Error is { } error ? DesignerMessages.Of(error) : null;
    }
}
