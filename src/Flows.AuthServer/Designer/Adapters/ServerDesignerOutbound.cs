using Flows.AuthServer.Outbound;
using Flows.Designer.Services;

namespace Flows.AuthServer.Designer.Adapters;

/// <summary>
/// An environment's outbound settings for the designer: every change is the <see cref="OutboundService"/>'s, validated
/// and audited as <c>/v1</c>'s; a generated secret is handed back once and never read again.
/// </summary>
public sealed class ServerDesignerOutbound(IServiceScopeFactory scopes, DesignerActor actors) : IDesignerOutbound
{
    private const string Path = "/outbound";

    public async Task<DesignerOutbound?> GetAsync(string environmentId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var found = await scope.ServiceProvider.GetRequiredService<OutboundService>().GetAsync(environmentId, cancellationToken);
        return found.Value is { } settings
            ? new DesignerOutbound(settings.AllowedHosts, settings.AllowedPrivateAddresses, settings.HasSecret, settings.SecretCreatedAt)
            : null;
    }

    public async Task<string?> SaveAsync(
        string environmentId, IReadOnlyList<string> allowedHosts, IReadOnlyList<string> allowedPrivateAddresses, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var actor = await actors.OfAsync(HttpMethods.Put, Path);
        var changed = await scope.ServiceProvider.GetRequiredService<OutboundService>()
            .ChangeAsync(environmentId, new OutboundResource(allowedHosts, allowedPrivateAddresses), actor, cancellationToken);
        return changed.Error is { } error ? DesignerMessages.Of(error) : null;
    }

    public async Task<DesignerOutboundSecret> GenerateSecretAsync(string environmentId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var actor = await actors.OfAsync(HttpMethods.Post, $"{Path}/secret");
        var rotated = await scope.ServiceProvider.GetRequiredService<OutboundService>().RotateSecretAsync(environmentId, actor, cancellationToken);
        return rotated.Value is { } secret ? new DesignerOutboundSecret(secret.Secret, null) : new DesignerOutboundSecret(null, DesignerMessages.Of(rotated.Error!));
    }
}
