using Flows.AuthServer.Data;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Logout;

/// <summary>
/// Drains the <see cref="LogoutOutbox"/> in the background, so a sign-off never waits for an application: at once when
/// this node enqueued something, else every <see cref="LogoutOptions.PollInterval"/>. A failed delivery is retried
/// with a doubling delay up to <see cref="LogoutOptions.MaxAttempts"/>; each outcome is logged by client id and
/// status, never with the token.
/// </summary>
public sealed class BackchannelLogoutDispatcher(
    IServiceScopeFactory scopes,
    LogoutDeliverySignal signal,
    IOptions<LogoutOptions> options,
    ILogger<BackchannelLogoutDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DrainAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Back-channel logout delivery failed; the outbox is looked at again shortly.");
            }

            try
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task DrainAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var outbox = scope.ServiceProvider.GetRequiredService<LogoutOutbox>();
            var claimed = await outbox.ClaimDueAsync(stoppingToken);
            if (claimed.Count == 0)
            {
                return;
            }

            // Each application answers on its own: a slow one does not hold up the others.
            await Task.WhenAll(claimed.Select(delivery => DeliverAsync(delivery, stoppingToken)));
        }
    }

    private async Task DeliverAsync(LogoutDeliveryRecord delivery, CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var outbox = services.GetRequiredService<LogoutOutbox>();
        DeliveryOutcome outcome;
        try
        {
            var token = services.GetRequiredService<ILogoutTokenSigner>().Sign(delivery);
            outcome = await services.GetRequiredService<BackchannelLogoutSender>().SendAsync(delivery.Uri, token, stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // E.g. the environment's key is gone: the attempt counts, so the delivery still ends.
            logger.LogError(exception, "Back-channel logout to {ClientId} of {EnvironmentId} could not be sent.", delivery.ClientId, delivery.EnvironmentId);
            outcome = new DeliveryOutcome(false, exception.GetType().Name);
        }

        if (outcome.Delivered)
        {
            await outbox.CompleteAsync(delivery, stoppingToken);
            logger.LogInformation(
                "Back-channel logout delivered to {ClientId} of {EnvironmentId} ({Result}, attempt {Attempt}).",
                delivery.ClientId, delivery.EnvironmentId, outcome.Result, delivery.Attempts);
        }
        else if (delivery.Attempts >= options.Value.MaxAttempts)
        {
            await outbox.CompleteAsync(delivery, stoppingToken);
            logger.LogWarning(
                "Back-channel logout to {ClientId} of {EnvironmentId} given up after {Attempt} attempts ({Result}).",
                delivery.ClientId, delivery.EnvironmentId, delivery.Attempts, outcome.Result);
        }
        else
        {
            var next = await outbox.RetryLaterAsync(delivery, stoppingToken);
            logger.LogWarning(
                "Back-channel logout to {ClientId} of {EnvironmentId} failed ({Result}, attempt {Attempt}); next attempt at {NextAttemptAt}.",
                delivery.ClientId, delivery.EnvironmentId, outcome.Result, delivery.Attempts, next);
        }
    }
}
