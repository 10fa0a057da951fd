using System.Net;
using Flows.AuthServer.Tests.Hosting;
using static Flows.AuthServer.Tests.Management.ManagementUsers;

namespace Flows.AuthServer.Tests.Management;

/// <summary>The user API on PostgreSQL: its prefix filter, keyset comparison and single-statement updates translate there too.</summary>
public sealed class UserApiPostgreSqlTests(PostgreSqlManagementServer postgres) : IClassFixture<PostgreSqlManagementServer>
{
    private readonly ManagementServerFixture _server = postgres.Server;

    [Fact]
    public async Task Listing_changing_enrolling_unlocking_and_deleting_a_user_work_on_postgresql()
    {
        using var http = _server.CreateRawClient();
        var api = new ManagementApi(http);
        var token = await api.TokenAsync();
        var ids = new List<string>();
        foreach (var name in new[] { "pg-c", "pg-a", "pg-b", "pg_x" })
        {
            ids.Add((await CreateAsync(api, token, name)).Text("id"));
        }

        var first = await api.GetAsync($"{UsersPath}?username=PG-&pageSize=2", token);
        var second = await api.GetAsync($"{UsersPath}?username=pg-&pageSize=2&after={first.Text("next")}", token);
        var underscore = await api.GetAsync($"{UsersPath}?username=pg_", token);
        var patched = await api.PatchAsync($"{UsersPath}/{ids[0]}", token, new { enabled = false, groups = new[] { "staff" } });
        var disabled = await api.GetAsync($"{UsersPath}?enabled=false", token);
        var enrolled = await api.PostAsync($"{UsersPath}/{ids[0]}/mfaDevices/totp", token, new { });
        var devices = await api.GetAsync($"{UsersPath}/{ids[0]}/mfaDevices", token);
        var unlocked = await api.PostAsync($"{UsersPath}/{ids[0]}/unlock", token, new { });
        var deleted = await api.DeleteAsync($"{UsersPath}/{ids[0]}", token, ifMatch: (await api.GetAsync($"{UsersPath}/{ids[0]}", token)).ETag);

        Assert.Equal(["pg-a", "pg-b"], Usernames(first));
        Assert.Equal(["pg-c"], Usernames(second));
        Assert.Null(second.Body["next"]);
        Assert.Equal(["pg_x"], Usernames(underscore));
        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal(["pg-c"], Usernames(disabled));
        Assert.Equal(HttpStatusCode.Created, enrolled.Status);
        Assert.Single(devices.Body["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.NoContent, unlocked.Status);
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"{UsersPath}/{ids[0]}", token)).Status);
    }

    private static List<string> Usernames(ManagementResponse page) =>
        page.Body["items"]!.AsArray().Select(u => u!["username"]!.GetValue<string>()).ToList();
}
