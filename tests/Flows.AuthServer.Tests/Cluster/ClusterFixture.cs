using System.Net.Http.Headers;
using Flows.AuthServer.Invalidation;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.Testing;
using Npgsql;

namespace Flows.AuthServer.Tests.Cluster;

/// <summary>
/// Two real server processes on one fresh PostgreSQL database behind nginx (<c>examples/cluster/nginx.conf</c>), all
/// on 127.0.0.1: node 1 starts first (it creates the schema, the admin environment and the test environment), then
/// node 2. Every request goes through nginx; the example's routing header sends it to the node a test names.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly string _secrets = Directory.CreateTempSubdirectory("flows-cluster-secrets-").FullName;
    private TestDatabase _database = null!;
    private ClusterProxy _proxy = null!;
    private readonly List<HttpClient> _clients = [];

    public ServerProcess Node1 { get; private set; } = null!;

    public ServerProcess Node2 { get; private set; } = null!;

    /// <summary>nginx: the address browsers and clients use.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.PostgreSqlAsync();
        var port = ClusterProxy.FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Node1 = await ServerNode.StartAsync(ClusterProxy.FreePort(), _database.Options, BaseAddress, _secrets);
        Node2 = await ServerNode.StartAsync(ClusterProxy.FreePort(), _database.Options, BaseAddress, _secrets);
        _proxy = await ClusterProxy.StartAsync(port, Node1.BaseAddress.Port, Node2.BaseAddress.Port);
    }

    /// <summary>A client whose every request nginx sends to <paramref name="node"/> (1 or 2).</summary>
    public HttpClient Client(int node)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        http.DefaultRequestHeaders.Add(ClusterProxy.NodeHeader, node.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _clients.Add(http);
        return http;
    }

    /// <summary>The management API on <paramref name="node"/>.</summary>
    public ManagementApi Api(int node) => new(Client(node));

    /// <summary>A browser (one cookie jar) through nginx; <see cref="OnNode"/> picks the node of its next requests.</summary>
    public Browser Browser() => new(BaseAddress);

    public static void OnNode(Browser browser, int node)
    {
        browser.Headers.Remove(ClusterProxy.NodeHeader);
        browser.Headers.Add(ClusterProxy.NodeHeader, node.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The shared database, for what a test does behind the nodes' backs.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(_database.Options.ConnectionString) { Pooling = false }.ConnectionString;

    /// <summary>
    /// Cuts the node's listening connection from the database side, as a failover or a network cut would; answers the
    /// cut backend's pid.
    /// </summary>
    public async Task<int> CutListenerOfAsync(ServerProcess node)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var find = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE application_name = @name", connection);
        find.Parameters.AddWithValue("name", $"{PostgreSqlChangeChannel.ListenerApplicationName}-{node.ProcessId}");
        var pid = Convert.ToInt32(await find.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", connection);
        terminate.Parameters.AddWithValue("pid", pid);
        Assert.Equal(true, await terminate.ExecuteScalarAsync());
        return pid;
    }

    /// <summary>
    /// Whether the node listens on a connection other than <paramref name="cutPid"/>'s: one whose last statement was its
    /// LISTEN (the connection opens, and is listed, before it listens).
    /// </summary>
    public async Task<bool> ListensAgainAsync(ServerProcess node, int cutPid)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = @name AND pid <> @cut AND query LIKE 'LISTEN%'", connection);
        command.Parameters.AddWithValue("name", $"{PostgreSqlChangeChannel.ListenerApplicationName}-{node.ProcessId}");
        command.Parameters.AddWithValue("cut", cutPid);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        foreach (var node in new[] { Node2, Node1 })
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        Directory.Delete(_secrets, recursive: true);
    }

    /// <summary>Which node nginx says answered.</summary>
    public static string? Upstream(HttpResponseHeaders headers) =>
        headers.TryGetValues(ClusterProxy.UpstreamHeader, out var values) ? values.FirstOrDefault() : null;
}
