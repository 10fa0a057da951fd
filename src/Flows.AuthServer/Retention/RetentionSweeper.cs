using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Retention;

/// <summary>
/// Runs the <see cref="RetentionPurge"/> at start and then every <see cref="RetentionOptions.Interval"/>, so that
/// anonymous sign-ins that were never finished do not fill the database. A failed run is logged and retried at
/// the next tick; it never stops the server.
/// </summary>
public sealed class RetentionSweeper(
    IServiceScopeFactory scopes, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<RetentionSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        do
        {
            await PurgeOnceAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task PurgeOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<RetentionPurge>().RunAsync(stoppingToken);
            if (result.DeletedAnything)
            {
                logger.LogInformation(
                    "Purged past retention: {FlowInstances} flow instances, {Sessions} sessions, {Tokens} tokens, {Authorizations} authorizations, "
                    + "{SentCodes} sent codes, {RememberedDevices} remembered browsers, {UnverifiedRegistrations} unverified registrations.",
                    result.FlowInstances, result.Sessions, result.Tokens, result.Authorizations, result.SentCodes, result.RememberedDevices,
                    result.UnverifiedRegistrations);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogError(exception, "The retention purge failed; it runs again at the next interval.");
        }
    }
}
