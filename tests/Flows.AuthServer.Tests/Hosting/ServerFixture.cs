using System.Net;
using Flows.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>
/// The real server on Kestrel at 127.0.0.1 (a random port), on a fresh SQLite file, with the test
/// environments imported. Tests talk to it over real HTTP.
/// </summary>
public class ServerFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"flows-server-test-{Guid.NewGuid():N}.db");

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The registrations the server's container was built from.</summary>
    public IServiceCollection RegisteredServices { get; private set; } = null!;

    /// <summary>A client that does not follow redirects or keep cookies: tests look at every response.</summary>
    public HttpClient CreateRawClient() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = BaseAddress,
    };

    /// <summary>The port to listen on; 0 picks a free one. A successor reuses its predecessor's, so issuers match.</summary>
    protected virtual int Port => 0;

    public Task InitializeAsync()
    {
        Listen();
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return Task.CompletedTask;
    }

    /// <summary>Puts the server on Kestrel at <see cref="Port"/>; a fixture may listen otherwise (e.g. HTTPS).</summary>
    protected virtual void Listen() => UseKestrel(Port);

    /// <summary>Whether disposing the server deletes its database; a restart test keeps it for the next server.</summary>
    public bool KeepDatabase { get; set; }

    /// <summary>A new server on this server's database, as the process would be after a restart.</summary>
    public ServerFixture CreateSuccessor() => new Successor(DatabasePath, BaseAddress.Port);

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!KeepDatabase)
        {
            foreach (var file in new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm" })
            {
                File.Delete(file);
            }

            if (Directory.Exists(SecretsDirectory))
            {
                Directory.Delete(SecretsDirectory, recursive: true);
            }
        }
    }

    protected virtual string DatabasePath => _databasePath;

    /// <summary>Where start-up writes the secrets it generated, the test runner's output not being a terminal.</summary>
    private string SecretsDirectory => DatabasePath + ".secrets";

    /// <summary>A PostgreSQL connection string to run on instead of the SQLite file.</summary>
    protected virtual string? PostgreSqlConnectionString => null;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureServices(services => RegisteredServices = services);
        builder.UseSetting("urls", "http://127.0.0.1:0");
        if (PostgreSqlConnectionString is { } postgres)
        {
            builder.UseSetting("Flows:Database:Provider", "PostgreSql");
            builder.UseSetting("Flows:Database:ConnectionString", postgres);
        }
        else
        {
            builder.UseSetting("Flows:Database:ConnectionString", $"Data Source={DatabasePath}");
        }

        builder.UseSetting("Flows:Secrets:Directory", SecretsDirectory);
        builder.UseSetting("Flows:Import:0", Path.Combine(AppContext.BaseDirectory, "environments", "test.json"));
        builder.UseSetting("Flows:Import:1", Path.Combine(AppContext.BaseDirectory, "environments", "other.json"));
        // Hashing at the production cost would make every sign-in test slow; one test checks the default.
        builder.UseSetting("Flows:Passwords:Iterations", "1000");
        // The tests of one fixture share an address, clients and tokens; the rate limit tests turn the limits on.
        builder.UseSetting("Flows:RateLimiting:Enabled", "false");
    }

    private sealed class Successor(string databasePath, int port) : ServerFixture
    {
        protected override string DatabasePath => databasePath;

        protected override int Port => port;
    }
}
