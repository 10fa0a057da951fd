using System.Net;
using Flows.AuthServer.Tests.Hosting;

namespace Flows.AuthServer.Tests.Management;

/// <summary>Deleting an environment on PostgreSQL, whose bulk deletes are translated differently from SQLite's.</summary>
public sealed class EnvironmentPostgreSqlTests(PostgreSqlManagementServer postgres) : IClassFixture<PostgreSqlManagementServer>
{
    private readonly ManagementServerFixture _server = postgres.Server;

    [Fact]
    public async Task An_environment_with_tokens_sessions_and_flows_is_deleted_and_can_be_created_again()
    {
        using var http = _server.CreateRawClient();
        var api = new ManagementApi(http);
        var token = await api.TokenAsync();
        var file = new
        {
            id = "pg-env", name = "PostgreSQL", defaultFlow = "username-password",
            applications = new object[]
            {
                new { clientId = "pg-web", type = "public", grantTypes = new[] { "authorization_code", "refresh_token" },
                    redirectUris = new[] { "https://pg.test/cb" }, scopes = new[] { "openid", "offline_access" } },
            },
            users = new object[] { new { username = "pg-user", password = "pg-user-password-1" } },
        };
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/v1/environments/import", token, file)).Status);
        using (var browser = new Browser(_server.BaseAddress))
        {
            var pkce = Pkce.New();
            var redirect = await SignIn.RunAsync(browser, SignIn.AuthorizeUrl("pg-web", "https://pg.test/cb", pkce, scope: "openid offline_access",
                environment: "pg-env"), "pg-user", "pg-user-password-1", environment: "pg-env");
            var (redeemed, _) = await TokenRequests.RedeemCodeAsync(http, SignIn.Parameters(redirect)["code"], "https://pg.test/cb", pkce.Verifier,
                "pg-web", secret: null, environment: "pg-env");
            Assert.Equal(HttpStatusCode.OK, redeemed);
        }

        var deleted = await api.DeleteAsync("/v1/environments/pg-env", token);
        using var discovery = await http.GetAsync("/pg-env/as/.well-known/openid-configuration");
        var again = await api.PostAsync("/v1/environments/import", token, file);

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, discovery.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.Status);
    }
}
