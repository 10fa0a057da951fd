using Npgsql;

namespace Flows.AuthServer.Invalidation;

/// <summary>
/// The signal of a cluster on PostgreSQL: forgets the change here, then announces it with <c>pg_notify</c>, which every
/// node's <see cref="PostgreSqlChangeListener"/> hears. It returns once its own notification has come back: PostgreSQL
/// hands a notification to all listeners at once, so by then the other nodes have it too, before the administrator
/// who made the change hears that it is done.
/// </summary>
public sealed class PostgreSqlChangeSignal(
    PostgreSqlChangeChannel channel, PostgreSqlChangeListener listener, LocalCaches caches, ILogger<PostgreSqlChangeSignal> logger)
    : IChangeSignal
{
    private const int Attempts = 3;
    private static readonly TimeSpan EchoWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    public async Task PublishAsync(CacheChange change)
    {
        caches.Forget(change);
        var message = ChangeMessage.Of(change);
        var echo = listener.AwaitEcho(message.Id);
        try
        {
            if (!await NotifyAsync(message))
            {
                return;
            }

            if (listener.IsListening && await Task.WhenAny(echo, Task.Delay(EchoWait)) != echo)
            {
                logger.LogWarning("The cache change {Area} of {Environment} did not come back within {Wait}.", change.Area, change.EnvironmentId, EchoWait);
            }
        }
        finally
        {
            listener.StopAwaiting(message.Id);
        }
    }

    private async Task<bool> NotifyAsync(ChangeMessage message)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = channel.Sending.CreateCommand("SELECT pg_notify(@channel, @payload)");
                command.Parameters.AddWithValue("channel", PostgreSqlChangeChannel.Name);
                command.Parameters.AddWithValue("payload", message.ToPayload());
                await command.ExecuteNonQueryAsync();
                return true;
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                if (attempt == Attempts)
                {
                    // The other nodes' listeners are most likely cut off too: they forget everything when they reconnect.
                    logger.LogError(exception, "The cache change {Area} of {Environment} could not be announced to the other nodes.", message.Area, message.Environment);
                    return false;
                }

                await Task.Delay(RetryDelay);
            }
        }
    }
}
