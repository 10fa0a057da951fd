using System.Net;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Management;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// Administrators hold the roles <c>flows.read</c> and <c>flows.write</c> (groups of the admin environment's users):
/// a token gets only the management scopes its administrator's roles allow, at issue and again on every /v1 request.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class AdministratorRoleTests(ManagementServerFixture server)
{
    private const string Environments = "/v1/environments";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task A_read_only_administrator_gets_only_the_read_scope_reads_and_every_write_is_403()
    {
        var admin = await Api.TokenAsync();
        var username = ManagementUsers.UniqueName("reader");
        await Administrators.CreateAsync(Api, admin, username, ManagementScopes.Read);

        var tokens = await Administrators.SignInAsync(server, Api, admin, username);
        var token = tokens["access_token"]!.GetValue<string>();

        Assert.Equal([ManagementScopes.Read, "openid"], ScopesOf(token));
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync(Environments, token)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync(Administrators.UsersPath, token)).Status);
        var created = await Api.PostAsync(Environments, token, new { id = "by-a-reader", name = "Never" });
        var changed = await Api.PatchAsync($"{Environments}/never-there", token, new { name = "Never" });
        var deleted = await Api.DeleteAsync($"{Environments}/never-there", token);
        var promoted = await Api.PostAsync(Administrators.UsersPath, token, new { username = "promoted", groups = new[] { ManagementScopes.Write } });
        Assert.All([created, changed, deleted, promoted], response =>
            Assert.Equal((HttpStatusCode.Forbidden, ManagementProblems.InsufficientScope), (response.Status, response.Code)));
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync($"{Environments}/by-a-reader", admin)).Status);
    }

    [Fact]
    public async Task Taking_the_write_role_away_stops_the_writes_of_a_token_already_issued()
    {
        var admin = await Api.TokenAsync();
        var username = ManagementUsers.UniqueName("demoted");
        var user = await Administrators.CreateAsync(Api, admin, username, ManagementScopes.Read, ManagementScopes.Write);
        var token = await Administrators.AccessTokenAsync(server, Api, admin, username);
        Assert.Equal(HttpStatusCode.Created, (await Api.PostAsync(Environments, token, new { id = "before-demotion", name = "Before" })).Status);

        await Api.PatchAsync(user, admin, new { groups = new[] { ManagementScopes.Read } });

        var write = await Api.PostAsync(Environments, token, new { id = "after-demotion", name = "After" });
        Assert.Equal((HttpStatusCode.Forbidden, ManagementProblems.InsufficientScope), (write.Status, write.Code));
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync(Environments, token)).Status);
    }

    [Fact]
    public async Task A_user_of_the_admin_environment_without_a_role_gets_no_management_scope()
    {
        var admin = await Api.TokenAsync();
        var username = ManagementUsers.UniqueName("no-role");
        await Administrators.CreateAsync(Api, admin, username);

        var token = await Administrators.AccessTokenAsync(server, Api, admin, username);

        Assert.Equal(["openid"], ScopesOf(token));
        Assert.Equal(HttpStatusCode.Forbidden, (await Api.GetAsync(Environments, token)).Status);
    }

    [Fact]
    public async Task The_bootstrapped_administrator_holds_both_roles()
    {
        var admin = await Api.TokenAsync();

        var found = await Api.GetAsync($"{Administrators.UsersPath}?username={ManagementServerFixture.AdminUsername}&exact=true", admin);

        var groups = found.Body["items"]!.AsArray().Single()!["groups"]!.AsArray().Select(g => g!.GetValue<string>());
        Assert.Equal([ManagementScopes.Read, ManagementScopes.Write], groups.Order());
    }

    private static IEnumerable<string> ScopesOf(string token) => new JsonWebToken(token).GetClaim("scope").Value.Split(' ').Order();
}
