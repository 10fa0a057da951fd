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

    /// <summary>
    /// A command on a sending connection that announces <paramref name="payload"/> on the channel; a caller that wants
    /// more from the same statement passes it, with <c>pg_notify(@channel, @payload)</c> in it.
    /// </summary>
    public NpgsqlCommand Notify(string payload, string statement = "SELECT pg_notify(@channel, @payload)")
    {
        var command = Sending.CreateCommand(statement);
        command.Parameters.AddWithValue("channel", Name);
        command.Parameters.AddWithValue("payload", payload);
        return command;
    }

    public ValueTask DisposeAsync() => Sending.DisposeAsync();
}
