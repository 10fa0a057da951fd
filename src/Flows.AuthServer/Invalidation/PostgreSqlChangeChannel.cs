using Npgsql;

namespace Flows.AuthServer.Invalidation;

/// <summary>
/// The PostgreSQL channel the nodes announce changes on, and the connections to it: the listener's own, kept open
/// (no pooling, a keep-alive so that a dead connection is noticed), and a small pool to send notifications.
/// </summary>
public sealed class PostgreSqlChangeChannel : IAsyncDisposable
{
    public const string Name = "flows_cache_invalidation";

    /// <summary>The listener's application_name (with the process id after it), as pg_stat_activity shows it.</summary>
    public const string ListenerApplicationName = "flows-invalidation";

    private const int KeepAliveSeconds = 10;
    private const int MaxSendingConnections = 4;

    public PostgreSqlChangeChannel(string connectionString)
    {
        ListenerConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            KeepAlive = KeepAliveSeconds,
            ApplicationName = $"{ListenerApplicationName}-{Environment.ProcessId}",
        }.ConnectionString;
        Sending = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = MaxSendingConnections }.ConnectionString);
    }

    public string ListenerConnectionString { get; }

    public NpgsqlDataSource Sending { get; }

    public ValueTask DisposeAsync() => Sending.DisposeAsync();
}
