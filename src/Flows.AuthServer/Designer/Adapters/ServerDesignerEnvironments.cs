using Flows.AuthServer.Data;
using Flows.Designer.Services;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Designer.Adapters;

/// <summary>The server's environments, for the designer's environment selector.</summary>
public sealed class ServerDesignerEnvironments(IServiceScopeFactory scopes) : IDesignerEnvironments
{
    public async Task<IReadOnlyList<DesignerEnvironment>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var environments = await scope.ServiceProvider.GetRequiredService<ServerDbContext>().Environments.AsNoTracking()
            .OrderBy(e => e.Id)
            .Select(e => new DesignerEnvironment(e.Id, e.Name, e.DefaultFlowId))
            .ToListAsync(cancellationToken);
        return environments;
    }
}
