using Flows.AuthServer.Data;
using Flows.Engine.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Flows.AuthServer.Operations;

/// <summary>
/// Ready when the database answers and holds every migration of this build, the engine's and the server's: a node
/// on a database it cannot reach, or whose schema is older than its code, must get no traffic. The health check
/// service resolves it in a scope of its own for every check, as its <see cref="ServerDbContext"/> must be.
/// </summary>
public sealed class DatabaseReadiness(IDbContextFactory<FlowsDbContext> engine, ServerDbContext server) : IHealthCheck
{
    public const string Name = "database";

    // The description an unready answer logs; never the exception's text, which may name the connection.
    private const string Unreachable = "The database cannot be reached.";
    private const string Pending = "The database lacks migrations of this version.";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var flows = await engine.CreateDbContextAsync(cancellationToken);
            if (!await flows.Database.CanConnectAsync(cancellationToken) || !await server.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy(Unreachable);
            }

            var pending = (await flows.Database.GetPendingMigrationsAsync(cancellationToken)).Any()
                || (await server.Database.GetPendingMigrationsAsync(cancellationToken)).Any();
            return pending ? HealthCheckResult.Unhealthy(Pending) : HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(Unreachable);
        }
    }
}
