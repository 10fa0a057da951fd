using System.Net;
using Flows.Activities;
using Flows.AuthServer.Management;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;
using static Flows.AuthServer.Tests.Management.ManagementUsers;

namespace Flows.AuthServer.Tests.Management;

/// <summary>Turning a user off and on (PATCH enabled) and POST …/unlock (of passwords and one-time codes): what sign-in then allows.</summary>
[Collection(ManagementCollection.Name)]
public sealed class UserStateApiTests(ManagementServerFixture server)
{
    /// <summary>FlowsLockoutOptions' default.</summary>
    private const int MaxFailedAttempts = 5;

    private readonly ManagementApi _api = new(server.CreateRawClient());

    [Fact]
    public async Task A_disabled_user_cannot_sign_in_and_once_enabled_again_can()
    {
        var token = await _api.TokenAsync();
        var username = UniqueName("dis");
        var user = await CreateAsync(_api, token, username);

        var disabled = await _api.PatchAsync(user.Location!.ToString(), token, new { enabled = false });
        using var before = new Browser(server.BaseAddress);
        var (_, refused) = await TryPasswordAsync(before, username, PasswordOf(username));
        var enabled = await _api.PatchAsync(user.Location.ToString(), token, new { enabled = true });
        using var after = new Browser(server.BaseAddress);
        var redirect = await SignIn.RunAsync(after, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()), username, PasswordOf(username));

        Assert.False(disabled.Body["enabled"]!.GetValue<bool>());
        Assert.Equal((FlowStatuses.Failed, "ACCOUNT_DISABLED"), (refused["status"], refused["error"]));
        Assert.True(enabled.Body["enabled"]!.GetValue<bool>());
        Assert.Contains("code", SignIn.Parameters(redirect).Keys);
    }

    [Fact]
    public async Task Disabling_a_signed_in_user_ends_its_sessions_so_its_browser_must_sign_in_again()
    {
        var token = await _api.TokenAsync();
        var username = UniqueName("ses");
        var user = await CreateAsync(_api, token, username);
        using var browser = new Browser(server.BaseAddress);
        await SignIn.RunAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()), username, PasswordOf(username));

        await _api.PatchAsync(user.Location!.ToString(), token, new { enabled = false });
        await _api.PatchAsync(user.Location.ToString(), token, new { enabled = true });

        Assert.Equal(0, await SessionCountAsync(server, user.Text("id")));
        await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));
    }

    [Fact]
    public async Task Unlock_answers_204_and_a_user_locked_by_wrong_passwords_signs_in_again()
    {
        var token = await _api.TokenAsync();
        var username = UniqueName("lck");
        var user = await CreateAsync(_api, token, username);
        using var browser = new Browser(server.BaseAddress);
        for (var attempt = 0; attempt < MaxFailedAttempts; attempt++)
        {
            await TryPasswordAsync(browser, username, "a-wrong-password");
        }

        var locked = await _api.GetAsync(user.Location!.ToString(), token);
        var (_, whileLocked) = await TryPasswordAsync(browser, username, PasswordOf(username));
        var unlocked = await _api.PostAsync($"{user.Location}/unlock", token, new { });
        var read = await _api.GetAsync(user.Location.ToString(), token);
        var redirect = await SignIn.RunAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()), username, PasswordOf(username));

        Assert.True(locked.Body["lockedUntil"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow);
        Assert.Equal((FlowStatuses.UsernamePasswordRequired, "INVALID_CREDENTIALS"), (whileLocked["status"], whileLocked["error"]));
        Assert.Equal(HttpStatusCode.NoContent, unlocked.Status);
        Assert.Null(read.Body["lockedUntil"]);
        Assert.Contains("code", SignIn.Parameters(redirect).Keys);
    }

    [Fact]
    public async Task Unlock_also_ends_a_lock_of_one_time_codes()
    {
        var token = await _api.TokenAsync();
        var user = await CreateAsync(_api, token, UniqueName("otl"));
        var id = user.Text("id");
        DateTimeOffset? lockoutEnd = DateTimeOffset.UtcNow.AddMinutes(10);
        await InDatabaseAsync(server, db => db.Users.Where(u => u.Id == id)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.OtpFailedCount, 3).SetProperty(u => u.OtpLockoutEnd, lockoutEnd)));

        var unlocked = await _api.PostAsync($"{user.Location}/unlock", token, new { });
        var stored = await InDatabaseAsync(server, db => db.Users.AsNoTracking().SingleAsync(u => u.Id == id));

        Assert.Equal(HttpStatusCode.NoContent, unlocked.Status);
        Assert.Equal((0, null), (stored.OtpFailedCount, stored.OtpLockoutEnd));
    }

    [Fact]
    public async Task Unlocking_an_unknown_user_is_404()
    {
        var response = await _api.PostAsync($"{UsersPath}/no-such-user/unlock", await _api.TokenAsync(), new { });

        Assert.Equal((HttpStatusCode.NotFound, ManagementProblems.NotFound), (response.Status, response.Code));
    }
}
