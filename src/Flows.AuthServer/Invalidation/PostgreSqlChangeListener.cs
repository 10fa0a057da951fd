using System.Collections.Concurrent;
using Npgsql;

namespace Flows.AuthServer.Invalidation;

/// <summary>
/// Listens, on a connection of its own, to the changes every node announces (PostgreSQL LISTEN/NOTIFY) and makes this
/// node's caches forget them. A notification sent while no one listened is lost (PostgreSQL keeps none for a
/// connection that is not there), so after every (re)connection this node's caches forget everything. Each change
/// another node announces is acknowledged once forgotten, so that its sender can wait until every node has it.
/// </summary>
public sealed class PostgreSqlChangeListener(
    PostgreSqlChangeChannel channel, LocalCaches caches, ILogger<PostgreSqlChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan WaitSlice = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, AwaitedChange> _awaited = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _firstListen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _listening;

    /// <summary>Whether notifications reach this node now: only then can a sender wait for its own to come back.</summary>
    public bool IsListening => _listening;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken);

        // The node serves requests once it hears of changes; an unreachable database is reported by the loop, not here.
        await Task.WhenAny(_firstListen.Task, Task.Delay(StartWait, cancellationToken));
    }

    /// <summary>This node among the listeners: random, as process ids repeat across machines and containers.</summary>
    public string NodeId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Follows the message with <paramref name="id"/>, which this node is about to announce, until every node has it.</summary>
    public AwaitedChange Await(string id) => _awaited.GetOrAdd(id, _ => new AwaitedChange());

    public void StopAwaiting(string id) => _awaited.TryRemove(id, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                _listening = false;
                caches.ForgetAll();
                logger.LogWarning(exception, "Listening to cache invalidations failed; caches cleared, connecting again in {Retry}.", retry);
            }

            try
            {
                await Task.Delay(retry, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(channel.ListenerConnectionString);
        connection.Notification += (_, notification) => Receive(notification.Payload);
        await connection.OpenAsync(stoppingToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgreSqlChangeChannel.Name}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        // Listening from here on; whatever changed before may have been missed.
        caches.ForgetAll();
        _listening = true;
        _firstListen.TrySetResult();
        logger.LogInformation("Listening to cache invalidations on channel {Channel}.", PostgreSqlChangeChannel.Name);

        // On a thread of its own, not the thread pool: a notification is handled as soon as it arrives, ahead of the
        // requests queued on a busy node, so the next request there already misses the forgotten entry.
        await Task.Factory.StartNew(() =>
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                connection.Wait(WaitSlice);
            }
        }, stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        stoppingToken.ThrowIfCancellationRequested();
    }

    private void Receive(string payload)
    {
        if (ChangeMessage.FromPayload(payload) is { } message)
        {
            caches.Forget(message.Change);
            if (_awaited.TryGetValue(message.Id, out var own))
            {
                own.Echoed();
            }
            else
            {
                _ = AcknowledgeAsync(message);
            }

            return;
        }

        if (ChangeAcknowledgement.FromPayload(payload) is { } acknowledgement)
        {
            if (_awaited.TryGetValue(acknowledgement.Change, out var awaited))
            {
                awaited.AcknowledgedBy(acknowledgement.Node);
            }

            return;
        }

        logger.LogWarning("Ignored a notification on channel {Channel} that is not a cache change.", PostgreSqlChangeChannel.Name);
    }

    // Not awaited: the listening thread goes back to reading notifications while the answer is sent.
    private async Task AcknowledgeAsync(ChangeMessage message)
    {
        try
        {
            await using var command = channel.Notify(new ChangeAcknowledgement(message.Id, NodeId).ToPayload());
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or ObjectDisposedException)
        {
            // Its sender stops waiting after a while; the change is forgotten here either way.
            logger.LogWarning(exception, "The cache change {Area} of {Environment} could not be acknowledged.", message.Area, message.Environment);
        }
    }
}
