using Flows.Activities;
using Flows.Testing;
using Flows.AuthServer.Data;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.SelfService;

/// <summary>
/// The maximum password age over real HTTP: a user whose password is older meets PASSWORD_EXPIRED after the right
/// password (never after a wrong one), must choose a new one under the password policy, and is then signed in.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class PasswordExpiryFlowTests(ManagementServerFixture server) : IDisposable
{
    private const string NewPassword = "a brand new passphrase";

    private readonly HttpClient _http = server.CreateRawClient();

    [Fact]
    public async Task An_expired_password_must_be_changed_under_the_policy_before_signing_in()
    {
        var (environment, clientId) = await ExpiredAsync("expired");
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(clientId)));

        var (_, expired) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(ManagedSignInEnvironment.Username, ManagedSignInEnvironment.Password));
        var (_, same) = await browser.ActAsync(flowUrl, FlowActions.PasswordReset,
            new { currentPassword = ManagedSignInEnvironment.Password, newPassword = ManagedSignInEnvironment.Password });
        var (_, done) = await browser.ActAsync(flowUrl, FlowActions.PasswordReset,
            new { currentPassword = ManagedSignInEnvironment.Password, newPassword = NewPassword });

        Assert.Equal(FlowStatuses.PasswordExpired, expired["status"]!.GetValue<string>());
        Assert.NotNull(expired["_links"]![FlowActions.PasswordReset]);
        Assert.Equal(FlowStatuses.PasswordExpired, same["status"]!.GetValue<string>());
        Assert.Equal(FlowErrorCodes.PasswordTooWeak, same["error"]!["code"]!.GetValue<string>());
        Assert.Equal(FlowStatuses.Completed, done["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_new_password_starts_its_age_afresh()
    {
        var (environment, clientId) = await ExpiredAsync("renewed");
        using (var first = new Browser(server.BaseAddress))
        {
            var flowUrl = environment.FlowUrlOf(await first.GetAsync(environment.Authorize(clientId)));
            await first.ActAsync(flowUrl, FlowAnswers.UsernamePassword(ManagedSignInEnvironment.Username, ManagedSignInEnvironment.Password));
            await first.ActAsync(flowUrl, FlowActions.PasswordReset, new { currentPassword = ManagedSignInEnvironment.Password, newPassword = NewPassword });
        }

        using var browser = new Browser(server.BaseAddress);
        var again = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(clientId)));
        var (_, done) = await browser.ActAsync(again, FlowAnswers.UsernamePassword(ManagedSignInEnvironment.Username, NewPassword));

        Assert.Equal(FlowStatuses.Completed, done["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wrong_password_of_an_expired_account_says_nothing_of_the_expiry()
    {
        var (environment, clientId) = await ExpiredAsync("expwrong");
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(clientId)));

        var (_, refused) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(ManagedSignInEnvironment.Username, "not the password"));

        Assert.Equal(FlowStatuses.UsernamePasswordRequired, refused["status"]!.GetValue<string>());
        Assert.Equal("INVALID_CREDENTIALS", refused["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_a_maximum_age_an_old_password_signs_in()
    {
        var (environment, clientId) = await ExpiredAsync("noexpiry", maxAgeDays: 0);
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(clientId)));

        var (_, done) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(ManagedSignInEnvironment.Username, ManagedSignInEnvironment.Password));

        Assert.Equal(FlowStatuses.Completed, done["status"]!.GetValue<string>());
    }

    public void Dispose() => _http.Dispose();

    /// <summary>An environment of the given maximum age whose user erin set the password 31 days ago, and an application on the password flow.</summary>
    private async Task<(ManagedSignInEnvironment Environment, string ClientId)> ExpiredAsync(string prefix, int maxAgeDays = 30)
    {
        var api = new ManagementApi(_http);
        var environment = await ManagedSignInEnvironment.CreateAsync(api, prefix);
        await api.PatchAsync($"/v1/environments/{environment.Id}", environment.Token, new { maxPasswordAgeDays = maxAgeDays });
        using (var scope = server.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
            var longAgo = DateTimeOffset.UtcNow.AddDays(-31);
            await db.Users.Where(u => u.Id == environment.UserId).ExecuteUpdateAsync(set => set.SetProperty(u => u.PasswordChangedAt, longAgo));
        }

        var (clientId, _) = await environment.CreateApplicationAsync(new { flow = "username-password" });
        return (environment, clientId);
    }
}
