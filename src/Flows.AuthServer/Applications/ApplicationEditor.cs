using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Invalidation;
using OpenIddict.Abstractions;

namespace Flows.AuthServer.Applications;

/// <summary>
/// Creates, changes, re-keys and deletes stored applications through OpenIddict's manager, in their environment, and
/// makes every change effective at once: once it has committed, every node's application cache forgets the client
/// (<see cref="IChangeSignal"/>), and a rotated-away secret is dropped from this node's verified secrets (another
/// node's can no longer match: they are keyed by the stored hash, which changed). The application must be tracked by the request's context, so
/// that OpenIddict's concurrency token refuses a change made meanwhile (<see cref="OpenIddictExceptions.ConcurrencyException"/>);
/// so each call enters the application's environment in that same scope (<see cref="EnvironmentContext.Enter"/>).
/// </summary>
public sealed class ApplicationEditor(
    IOpenIddictApplicationManager manager, ApplicationImporter importer, EnvironmentContext environments, ApplicationCache cache,
    VerifiedSecrets verified, IChangeSignal signal, TimeProvider clock)
{
    /// <summary>Creates the application <paramref name="entry"/> describes in the environment.</summary>
    public async Task<ImportedApplication> CreateAsync(
        EnvironmentRecord environment, EnvironmentFileApplication entry, CancellationToken cancellationToken)
    {
        // The importer enters the environment in this scope: OpenIddict's store sees only its applications.
        return await importer.CreateAsync(environment, entry, cancellationToken);
    }

    /// <summary>Makes the application what <paramref name="entry"/> describes; its client id and type stay.</summary>
    public async Task UpdateAsync(
        EnvironmentRecord environment, FlowsApplication application, EnvironmentFileApplication entry, int? flowVersion,
        CancellationToken cancellationToken)
    {
        environments.Enter(environment);
        var descriptor = new OpenIddictApplicationDescriptor();
        await manager.PopulateAsync(descriptor, application, cancellationToken);
        descriptor.DisplayName = entry.Name ?? entry.ClientId;
        descriptor.ConsentType = ApplicationConsent.TypeOf(entry.ThirdParty);
        descriptor.RedirectUris.Clear();
        descriptor.RedirectUris.UnionWith(entry.RedirectUris.Select(uri => new Uri(uri)));
        descriptor.PostLogoutRedirectUris.Clear();
        descriptor.PostLogoutRedirectUris.UnionWith(entry.PostLogoutRedirectUris.Select(uri => new Uri(uri)));

        // The permissions follow from what the application is, as when it was created.
        descriptor.Permissions.Clear();
        descriptor.Requirements.Clear();
        ApplicationPermissions.Apply(descriptor, entry);
        descriptor.JsonWebKeySet = ClientAuthentication.KeysOf(entry);

        application.JwksUri = entry.JwksUri;
        application.FlowId = entry.Flow;
        application.FlowVersion = flowVersion;
        LogoutRegistration.Apply(application, entry);
        application.AcrFlows = new Dictionary<string, string>(entry.AcrFlows, StringComparer.Ordinal);

        // OpenIddict's checks look the client id up: a cached copy, maybe older, must not stand in for it.
        cache.Forget(environment.Id, application.ClientId!);
        await manager.UpdateAsync(application, descriptor, cancellationToken);
        await signal.PublishAsync(CacheChange.Application(environment.Id, application.ClientId!));
    }

    /// <summary>
    /// Gives a confidential application a new generated secret and returns it: the only time it is seen. The time is
    /// recorded, so that tokens granted under the old secret are refused (<see cref="ClientSecretStamps"/>).
    /// </summary>
    public async Task<string> RotateSecretAsync(EnvironmentRecord environment, FlowsApplication application, CancellationToken cancellationToken)
    {
        var secret = RandomSecrets.ClientSecret();
        var previous = application.ClientSecret;
        application.SecretRotatedAt = ClientSecretStamps.Now(clock);
        environments.Enter(environment);
        await manager.UpdateAsync(application, secret, cancellationToken);
        await signal.PublishAsync(CacheChange.Application(environment.Id, application.ClientId!));

        // The old secret's hash is no longer stored, so it could not match anyway; forgetting it keeps no trace of it.
        if (previous is not null)
        {
            verified.Forget(previous);
        }

        return secret;
    }

    /// <summary>Deletes the application with its authorizations and tokens.</summary>
    public async Task DeleteAsync(EnvironmentRecord environment, FlowsApplication application, CancellationToken cancellationToken)
    {
        environments.Enter(environment);
        await manager.DeleteAsync(application, cancellationToken);
        await signal.PublishAsync(CacheChange.Application(environment.Id, application.ClientId!));

        if (application.ClientSecret is { } hash)
        {
            verified.Forget(hash);
        }
    }
}
