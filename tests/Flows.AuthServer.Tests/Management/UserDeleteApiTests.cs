using System.Net;
using Flows.AuthServer.Management;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;
using static Flows.AuthServer.Tests.Management.ManagementUsers;

namespace Flows.AuthServer.Tests.Management;

/// <summary>DELETE /v1/environments/{env}/users/{id}: the user and its sessions are gone, If-Match honoured.</summary>
[Collection(ManagementCollection.Name)]
public sealed class UserDeleteApiTests(ManagementServerFixture server)
{
    private readonly ManagementApi _api = new(server.CreateRawClient());

    [Fact]
    public async Task A_deleted_user_is_gone_with_its_sessions_and_its_browser_must_sign_in_again()
    {
        var token = await _api.TokenAsync();
        var username = UniqueName("del");
        var user = await CreateAsync(_api, token, username);
        var userId = user.Text("id");
        using var browser = new Browser(server.BaseAddress);
        await SignIn.RunAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()), username, PasswordOf(username));
        Assert.Equal(1, await SessionCountAsync(server, userId));

        var deleted = await _api.DeleteAsync(user.Location!.ToString(), token, ifMatch: user.ETag);

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync(user.Location.ToString(), token)).Status);
        Assert.Equal(0, await InDatabaseAsync(server, db => db.Sessions.CountAsync(s => s.UserId == userId)));
        Assert.Equal(0, await InDatabaseAsync(server, db => db.Users.CountAsync(u => u.Id == userId)));
        await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));
        var (_, refused) = await ManagementUsers.TryPasswordAsync(browser, username, PasswordOf(username));
        Assert.Equal("INVALID_CREDENTIALS", refused["error"]);
    }

    [Fact]
    public async Task A_delete_with_a_stale_etag_is_412_and_keeps_the_user()
    {
        var token = await _api.TokenAsync();
        var user = await CreateAsync(_api, token, UniqueName("dst"));
        await _api.PatchAsync(user.Location!.ToString(), token, new { name = "Changed" });

        var response = await _api.DeleteAsync(user.Location.ToString(), token, ifMatch: user.ETag);

        Assert.Equal((HttpStatusCode.PreconditionFailed, ManagementProblems.PreconditionFailed), (response.Status, response.Code));
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync(user.Location.ToString(), token)).Status);
    }

    [Fact]
    public async Task Deleting_a_deleted_user_or_one_of_an_unknown_environment_is_404()
    {
        var token = await _api.TokenAsync();
        var user = await CreateAsync(_api, token, UniqueName("dtw"));
        await _api.DeleteAsync(user.Location!.ToString(), token);

        var again = await _api.DeleteAsync(user.Location.ToString(), token);
        var unknownEnvironment = await _api.DeleteAsync($"/v1/environments/no-such-env/users/{user.Text("id")}", token);

        Assert.All([again, unknownEnvironment], response =>
            Assert.Equal((HttpStatusCode.NotFound, ManagementProblems.NotFound), (response.Status, response.Code)));
    }
}
