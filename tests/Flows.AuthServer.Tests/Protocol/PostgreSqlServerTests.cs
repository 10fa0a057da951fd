using System.Net;
using Flows.AuthServer.Tests.Hosting;
using Flows.Testing;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>The whole server on PostgreSQL: migrations, import, a sign-in with refresh, and client credentials.</summary>
public sealed class PostgreSqlServerTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private PostgreSqlServer _server = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.PostgreSqlAsync();
        _server = new PostgreSqlServer(_database.Options.ConnectionString);
        await ((IAsyncLifetime)_server).InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_server).DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_sign_in_with_otp_refresh_and_client_credentials_work_on_postgresql()
    {
        using var http = _server.CreateRawClient();
        using var browser = new Browser(_server.BaseAddress);
        var pkce = Pkce.New();

        var code = SignIn.Parameters(await SignIn.RunAsync(browser, SignIn.AuthorizeUrl(SpaClientId, SpaRedirect, pkce), Alice, AlicePassword, AliceTotpSecret))["code"];
        var (status, tokens) = await TokenRequests.RedeemCodeAsync(http, code, SpaRedirect, pkce.Verifier, SpaClientId, secret: null);
        var refreshed = await TokenRequests.RefreshAsync(http, tokens["refresh_token"]!.GetValue<string>(), SpaClientId, secret: null);
        var service = await TokenRequests.PostAsync(http, "/test/as/token", new() { ["grant_type"] = "client_credentials" }, ServiceClientId, ServiceSecret);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.Equal(HttpStatusCode.OK, service.Status);
    }

    private sealed class PostgreSqlServer(string connectionString) : ServerFixture
    {
        protected override string? PostgreSqlConnectionString => connectionString;
    }
}
