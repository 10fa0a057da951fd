using Flows.AuthServer.Data;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore;

namespace Flows.AuthServer.Protocol.Stores;

/// <summary>OpenIddict's authorization store, writing each authorization as one plain statement (<see cref="TrackedEntryWrites"/>).</summary>
public sealed class FlowsAuthorizationStore(
    IMemoryCache cache,
    IOpenIddictEntityFrameworkCoreContext context,
    IOptionsMonitor<OpenIddictEntityFrameworkCoreOptions> options)
    : OpenIddictEntityFrameworkCoreAuthorizationStore<FlowsAuthorization, FlowsApplication, FlowsToken, string>(cache, context, options)
{
    public override async ValueTask CreateAsync(FlowsAuthorization authorization, CancellationToken cancellationToken) =>
        await TrackedEntryWrites.InsertAsync(await Context.GetDbContextAsync(cancellationToken), authorization, cancellationToken);

    public override async ValueTask UpdateAsync(FlowsAuthorization authorization, CancellationToken cancellationToken) =>
        await TrackedEntryWrites.UpdateAsync(await Context.GetDbContextAsync(cancellationToken), authorization, cancellationToken);
}
