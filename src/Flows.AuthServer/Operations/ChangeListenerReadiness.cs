using Flows.AuthServer.Invalidation;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Flows.AuthServer.Operations;

/// <summary>
/// Ready only while this node listens to the changes the other nodes announce: a node that does not hear them would
/// go on serving what its caches hold after another node changed it (a disabled client, a rotated key), so it must
/// get no traffic until it listens again.
/// </summary>
public sealed class ChangeListenerReadiness(PostgreSqlChangeListener listener) : IHealthCheck
{
    public const string Name = "change-listener";

    // The description an unready answer logs.
    private const string NotListening = "This node does not listen to the other nodes' cache changes.";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(listener.IsListening ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(NotListening));
}
