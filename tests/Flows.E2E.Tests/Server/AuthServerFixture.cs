using System.Net;
using System.Net.Sockets;
using Flows.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.E2E.Tests.Server;

/// <summary>
/// The real server on Kestrel at 127.0.0.1, on a fresh SQLite file, with <c>environments/e2e.json</c> imported.
/// The try-it application's redirect URIs name the server's own address, so the port is chosen before the
/// server starts and written into a copy of the environment file.
/// </summary>
public sealed class AuthServerFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"flows-e2e-{Guid.NewGuid():N}.db");
    private readonly string _environmentPath = Path.Combine(Path.GetTempPath(), $"flows-e2e-{Guid.NewGuid():N}.json");
    private readonly int _port = FreeLoopbackPort();

    private string SecretsDirectory => _databasePath + ".secrets";

    /// <summary>The admin environment's administrator, who signs in to the designer.</summary>
    public const string AdminUsername = "admin";

    /// <summary>The password of the admin environment's administrator.</summary>
    public const string AdminPassword = "designer-admin-password-for-e2e-1";

    /// <summary>The administrator's authenticator app: enrolled at their first sign-in, whichever test makes it.</summary>
    public TotpAuthenticator AdminAuthenticator { get; } = new();

    /// <summary>The server's origin, e.g. <c>http://127.0.0.1:41234</c>, without a trailing slash.</summary>
    public string Origin => $"http://127.0.0.1:{_port}";

    /// <summary>An absolute URL on the server.</summary>
    public string Url(string path) => Origin + path;

    public Task InitializeAsync()
    {
        var template = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "environments", E2EEnvironment.File));
        File.WriteAllText(_environmentPath, template.Replace(E2EEnvironment.OriginPlaceholder, Origin, StringComparison.Ordinal));

        // Kestrel on the "urls" setting below: loopback only, on the port the environment file names.
        UseKestrel();
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        if (new Uri(address).Port != _port)
        {
            throw new InvalidOperationException($"The server listens on {address}, not on port {_port} as its environment file says.");
        }

        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _databasePath, _databasePath + "-wal", _databasePath + "-shm", _environmentPath })
        {
            File.Delete(file);
        }

        if (Directory.Exists(SecretsDirectory))
        {
            Directory.Delete(SecretsDirectory, recursive: true);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("urls", Origin);
        builder.UseSetting("Flows:Database:ConnectionString", $"Data Source={_databasePath}");
        // Replaces the demo environment of appsettings.json: only the E2E environment exists.
        builder.UseSetting("Flows:Import:0", _environmentPath);
        // Hashing at the production cost would only make each sign-in slower; the cost is tested elsewhere.
        builder.UseSetting("Flows:Passwords:Iterations", "1000");
        builder.UseSetting("Flows:RateLimiting:Enabled", "false");
        builder.UseSetting("Flows:Admin:Password", AdminPassword);
        // The test runner's output is not a terminal: the generated admin client secret goes to a file, here.
        builder.UseSetting("Flows:Secrets:Directory", SecretsDirectory);
    }

    /// <summary>
    /// A port that was free a moment ago: the kernel picks one for a listener that is closed at once. Another
    /// process could take it in between, which is unlikely enough on a test machine.
    /// </summary>
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
