using Npgsql;

namespace Flows.AuthServer.Invalidation;

/// <summary>
/// The signal of a cluster on PostgreSQL: forgets the change here, then announces it with <c>pg_notify</c>, which every
/// node's <see cref="PostgreSqlChangeListener"/> hears. It returns once its own notification has come back and every
/// other node listening at that moment has acknowledged it: PostgreSQL hands a notification to each listener on its
/// own, and a busy node may read it later than this one, so only its answer proves that its next request obeys the
/// change. A node that does not answer in time (stopped, cut off) is waited for no longer; a cut-off node forgets
/// everything when it listens again.
/// </summary>
public sealed class PostgreSqlChangeSignal(
    PostgreSqlChangeChannel channel, PostgreSqlChangeListener listener, LocalCaches caches, ILogger<PostgreSqlChangeSignal> logger)
    : IChangeSignal
{
    private const int Attempts = 3;
    private static readonly TimeSpan AnswerWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    // Announces the change and counts, in the same statement, the nodes listening on this database (this one too). A
    // listener is known by its connection's name; one connected but not yet listening is waited for in vain, once.
    private static readonly string NotifySql =
        "SELECT pg_notify(@channel, @payload), (SELECT count(*) FROM pg_stat_activity " +
        "WHERE datname = current_database() AND application_name LIKE @listeners)";

    public async Task PublishAsync(CacheChange change)
    {
        caches.Forget(change);
        var message = ChangeMessage.Of(change);
        var awaited = listener.Await(message.Id);
        try
        {
            if (await NotifyAsync(message) is not { } listening || !listener.IsListening)
            {
                return;
            }

            awaited.Expect(Math.Max(0, listening - 1));
            if (await Task.WhenAny(awaited.Everywhere, Task.Delay(AnswerWait)) != awaited.Everywhere)
            {
                logger.LogWarning("The cache change {Area} of {Environment} was not acknowledged by {Missing} of {Others} other nodes within {Wait}.",
                    change.Area, change.EnvironmentId, awaited.Missing, listening - 1, AnswerWait);
            }
        }
        finally
        {
            listener.StopAwaiting(message.Id);
        }
    }

    /// <summary>How many nodes listened when the message was sent; null when it could not be sent.</summary>
    private async Task<int?> NotifyAsync(ChangeMessage message)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = channel.Notify(message.ToPayload(), NotifySql);
                command.Parameters.AddWithValue("listeners", $"{PostgreSqlChangeChannel.ListenerApplicationName}-%");
                await using var reader = await command.ExecuteReaderAsync();
                await reader.ReadAsync();
                return (int)reader.GetInt64(1);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                if (attempt == Attempts)
                {
                    // The other nodes' listeners are most likely cut off too: they forget everything when they reconnect.
                    logger.LogError(exception, "The cache change {Area} of {Environment} could not be announced to the other nodes.", message.Area, message.Environment);
                    return null;
                }

                await Task.Delay(RetryDelay);
            }
        }
    }
}
