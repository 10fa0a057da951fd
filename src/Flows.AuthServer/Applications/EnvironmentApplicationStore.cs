using System.Runtime.CompilerServices;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore;

namespace Flows.AuthServer.Applications;

/// <summary>
/// OpenIddict's application store, seeing only the applications of its scope's environment: a client id,
/// and any token or code naming an application, is unknown in every other environment. In a scope that entered
/// no environment it throws (<see cref="EnvironmentContext.NoEnvironment"/>) rather than find nothing.
/// </summary>
public sealed class EnvironmentApplicationStore(
    IMemoryCache cache,
    IOpenIddictEntityFrameworkCoreContext context,
    IOptionsMonitor<OpenIddictEntityFrameworkCoreOptions> options,
    EnvironmentContext environments,
    ApplicationCache applications)
    : OpenIddictEntityFrameworkCoreApplicationStore<FlowsApplication, FlowsAuthorization, FlowsToken, string>(cache, context, options)
{
    public override async ValueTask<FlowsApplication?> FindByClientIdAsync(string identifier, CancellationToken cancellationToken)
    {
        var environment = environments.Required.Id;
        if (applications.Find(environment, identifier) is { } cached)
        {
            return cached;
        }

        // Read without tracking when cached: the instance is shared through the cache and never saved from here.
        // Without the cache, tracked, as OpenIddict's own store reads it.
        var readAt = applications.Generation;
        var db = await Context.GetDbContextAsync(cancellationToken);
        var set = db.Set<FlowsApplication>();
        var found = await (applications.Enabled ? set.AsNoTracking() : set.AsTracking())
            .FirstOrDefaultAsync(a => a.ClientId == identifier && a.EnvironmentId == environment, cancellationToken);
        if (found is not null)
        {
            applications.Add(found, readAt);
        }

        return found;
    }

    /// <summary>
    /// The registered keys; for a client that publishes its keys at a <c>jwksUri</c>, <see cref="PublishedKeys.StandIn"/>:
    /// OpenIddict accepts a confidential client without a secret only with a signing key, and reads the real ones
    /// through ResolveRemoteClientAssertionKeys.
    /// </summary>
    public override async ValueTask<Microsoft.IdentityModel.Tokens.JsonWebKeySet?> GetJsonWebKeySetAsync(
        FlowsApplication application, CancellationToken cancellationToken) =>
        application is { JsonWebKeySet: null, JwksUri: not null }
            ? PublishedKeys.StandIn
            : await base.GetJsonWebKeySetAsync(application, cancellationToken);

    public override async ValueTask<FlowsApplication?> FindByIdAsync(string identifier, CancellationToken cancellationToken)
    {
        // Checked before the query: outside an environment nothing may be found, not even by its id.
        _ = environments.Required;
        return InCurrentEnvironment(await base.FindByIdAsync(identifier, cancellationToken));
    }

    public override IAsyncEnumerable<FlowsApplication> FindByRedirectUriAsync(string uri, CancellationToken cancellationToken) =>
        OnlyCurrentEnvironment(base.FindByRedirectUriAsync(uri, cancellationToken), cancellationToken);

    public override IAsyncEnumerable<FlowsApplication> FindByPostLogoutRedirectUriAsync(string uri, CancellationToken cancellationToken) =>
        OnlyCurrentEnvironment(base.FindByPostLogoutRedirectUriAsync(uri, cancellationToken), cancellationToken);

    private FlowsApplication? InCurrentEnvironment(FlowsApplication? application)
    {
        var environment = environments.Required.Id;
        return application is not null && application.EnvironmentId == environment ? application : null;
    }

    private async IAsyncEnumerable<FlowsApplication> OnlyCurrentEnvironment(
        IAsyncEnumerable<FlowsApplication> applications, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var application in applications.WithCancellation(cancellationToken))
        {
            if (InCurrentEnvironment(application) is { } found)
            {
                yield return found;
            }
        }
    }
}
