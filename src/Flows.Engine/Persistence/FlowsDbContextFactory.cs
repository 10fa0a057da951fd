using Microsoft.EntityFrameworkCore;

namespace Flows.Engine.Persistence;

/// <summary>Hands out the configured provider's context as the provider-neutral <see cref="FlowsDbContext"/>.</summary>
internal sealed class FlowsDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<FlowsDbContext>
    where TContext : FlowsDbContext
{
    public FlowsDbContext CreateDbContext() => inner.CreateDbContext();
}
