using Flows.Engine.Instances;

namespace Flows.AuthServer.Flows;

/// <summary>
/// Marks flows idle past their expiry as expired, so operators do not see them as waiting. A resume checks
/// expiry on its own; this only keeps listings true.
/// </summary>
public sealed class FlowExpirySweeper(IServiceScopeFactory scopes, TimeProvider clock, ILogger<FlowExpirySweeper> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await using var scope = scopes.CreateAsyncScope();
            var expired = await scope.ServiceProvider.GetRequiredService<IFlowInstanceStore>()
                .ExpireIdleAsync(clock.GetUtcNow(), stoppingToken);
            if (expired > 0)
            {
                logger.LogInformation("Expired {Count} idle flow instances.", expired);
            }
        }
    }
}
