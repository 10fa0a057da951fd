using System.Net;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Applications;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Management;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// A signed admin token is not enough for /v1: its client must still exist with the secret it was granted under, and
/// the administrator it names must still exist and be enabled. Checked on every request, so a leaked token dies with
/// the rotation, deletion or disabling that revokes it.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class ManagementRevocationTests(ManagementServerFixture server)
{
    private const string Environments = "/v1/environments";
    private const string InvalidToken = "Bearer error=\"invalid_token\"";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task A_client_credentials_token_granted_before_its_clients_secret_was_rotated_is_401_invalid_token()
    {
        var admin = await Api.TokenAsync();
        var (clientId, secret) = await CreateAdminClientAsync(admin);
        var leaked = await ClientTokenAsync(clientId, secret);
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync(Environments, leaked)).Status);

        var rotated = await Api.PostAsync($"{Administrators.ApplicationsPath}/{clientId}/secret", admin, new { });
        var fresh = await ClientTokenAsync(clientId, rotated.Text("clientSecret"));

        var refused = await Api.GetAsync(Environments, leaked);
        Assert.Equal((HttpStatusCode.Unauthorized, InvalidToken), (refused.Status, refused.Challenge));
        Assert.Equal(("application/problem+json", ManagementProblems.Unauthorized), (refused.ContentType, refused.Code));
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync(Environments, fresh)).Status);
    }

    [Fact]
    public async Task A_token_of_a_deleted_client_is_401_invalid_token()
    {
        var admin = await Api.TokenAsync();
        var (clientId, secret) = await CreateAdminClientAsync(admin);
        var leaked = await ClientTokenAsync(clientId, secret);

        Assert.Equal(HttpStatusCode.NoContent, (await Api.DeleteAsync($"{Administrators.ApplicationsPath}/{clientId}", admin)).Status);

        var refused = await Api.PostAsync(Environments, leaked, new { id = "by-a-deleted-client", name = "Never" });
        Assert.Equal((HttpStatusCode.Unauthorized, InvalidToken), (refused.Status, refused.Challenge));
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync($"{Environments}/by-a-deleted-client", admin)).Status);
    }

    [Fact]
    public async Task A_token_of_a_deleted_client_stays_refused_when_a_client_of_the_same_id_is_created_again()
    {
        // Start-up re-creates a deleted bootstrap client under its configured id: the old client's tokens must not revive.
        var admin = await Api.TokenAsync();
        var (clientId, secret) = await CreateAdminClientAsync(admin);
        var leaked = await ClientTokenAsync(clientId, secret);
        await Api.DeleteAsync($"{Administrators.ApplicationsPath}/{clientId}", admin);

        var recreatedSecret = await RecreateAsync(clientId);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.GetAsync(Environments, leaked)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync(Environments, await ClientTokenAsync(clientId, recreatedSecret))).Status);
    }

    [Fact]
    public async Task A_token_of_an_administrator_who_was_disabled_is_401_and_works_again_once_enabled()
    {
        var admin = await Api.TokenAsync();
        var username = ManagementUsers.UniqueName("disabled-admin");
        var user = await Administrators.CreateAsync(Api, admin, username, ManagementScopes.Read, ManagementScopes.Write);
        var token = await Administrators.AccessTokenAsync(server, Api, admin, username);
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync(Environments, token)).Status);

        await Api.PatchAsync(user, admin, new { enabled = false });
        var refused = await Api.GetAsync(Environments, token);
        await Api.PatchAsync(user, admin, new { enabled = true });
        var restored = await Api.GetAsync(Environments, token);

        Assert.Equal((HttpStatusCode.Unauthorized, InvalidToken), (refused.Status, refused.Challenge));
        Assert.Equal(HttpStatusCode.OK, restored.Status);
    }

    [Fact]
    public async Task A_token_of_an_administrator_who_was_deleted_is_401()
    {
        var admin = await Api.TokenAsync();
        var username = ManagementUsers.UniqueName("deleted-admin");
        var user = await Administrators.CreateAsync(Api, admin, username, ManagementScopes.Read, ManagementScopes.Write);
        var token = await Administrators.AccessTokenAsync(server, Api, admin, username);

        Assert.Equal(HttpStatusCode.NoContent, (await Api.DeleteAsync(user, admin)).Status);

        var refused = await Api.DeleteAsync($"{Environments}/never-there", token);
        Assert.Equal((HttpStatusCode.Unauthorized, InvalidToken), (refused.Status, refused.Challenge));
    }

    private async Task<(string ClientId, string Secret)> CreateAdminClientAsync(string token)
    {
        var created = await Api.PostAsync(Administrators.ApplicationsPath, token, new
        {
            name = "Script with a leaked token",
            type = "confidential",
            grantTypes = new[] { "client_credentials" },
            scopes = new[] { ManagementScopes.Read, ManagementScopes.Write },
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return (created.Text("clientId"), created.Text("clientSecret"));
    }

    private async Task<string> ClientTokenAsync(string clientId, string secret)
    {
        var (status, body) = await TokenRequests.PostAsync(
            _http, $"/{AdminEnvironment.Id}/as/token", new() { ["grant_type"] = "client_credentials" }, clientId, secret);
        Assert.Equal(HttpStatusCode.OK, status);
        return body["access_token"]!.GetValue<string>();
    }

    /// <summary>Creates a client of <paramref name="clientId"/> the way start-up's bootstrap does; returns its secret.</summary>
    private async Task<string> RecreateAsync(string clientId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var environment = await scope.ServiceProvider.GetRequiredService<ServerDbContext>().Environments.AsNoTracking()
            .FirstAsync(e => e.Id == AdminEnvironment.Id);
        const string secret = "recreated-client-secret-for-tests-only";
        // The importer enters the environment in this scope itself.
        await scope.ServiceProvider.GetRequiredService<ApplicationImporter>().CreateAsync(environment, new EnvironmentFileApplication
        {
            ClientId = clientId,
            ClientSecret = secret,
            Type = "confidential",
            GrantTypes = ["client_credentials"],
            Scopes = [ManagementScopes.Read, ManagementScopes.Write],
        }, CancellationToken.None);

        return secret;
    }
}
