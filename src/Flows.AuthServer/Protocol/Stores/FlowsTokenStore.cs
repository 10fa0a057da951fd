using Flows.AuthServer.Data;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore;

namespace Flows.AuthServer.Protocol.Stores;

/// <summary>OpenIddict's token store, writing each token entry as one plain statement (<see cref="TrackedEntryWrites"/>).</summary>
public sealed class FlowsTokenStore(
    IMemoryCache cache,
    IOpenIddictEntityFrameworkCoreContext context,
    IOptionsMonitor<OpenIddictEntityFrameworkCoreOptions> options)
    : OpenIddictEntityFrameworkCoreTokenStore<FlowsToken, FlowsApplication, FlowsAuthorization, string>(cache, context, options)
{
    public override async ValueTask CreateAsync(FlowsToken token, CancellationToken cancellationToken) =>
        await TrackedEntryWrites.InsertAsync(await Context.GetDbContextAsync(cancellationToken), token, cancellationToken);

    public override async ValueTask UpdateAsync(FlowsToken token, CancellationToken cancellationToken) =>
        await TrackedEntryWrites.UpdateAsync(await Context.GetDbContextAsync(cancellationToken), token, cancellationToken);
}
