using System.Diagnostics;
using System.Net;
using Flows.AuthServer.Data;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Logout;

/// <summary>
/// OpenID Connect Back-Channel Logout 1.0 against real receivers (Kestrel on 127.0.0.1): sign-off POSTs a signed logout
/// token to each application of the session, from the outbox in the background, retrying a failing one.
/// </summary>
[Collection(LogoutCollection.Name)]
public sealed class BackchannelLogoutTests(LogoutServerFixture server)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Sign_off_posts_a_logout_token_signed_with_the_environments_key_naming_the_session_of_the_id_token()
    {
        await using var receiver = await LogoutReceiver.StartAsync();
        var application = await RelyingParty.CreateAsync(server, backchannel: receiver.Address);
        using var browser = new Browser(server.BaseAddress);
        var idToken = RelyingParty.Read((await application.SignInAsync(browser))["id_token"]!.GetValue<string>());

        using var signoff = await SignOffAsync(browser, idToken.EncodedToken);
        var token = await receiver.AcceptedTokenAsync(Patience);

        Assert.Equal(HttpStatusCode.Redirect, signoff.StatusCode);
        Assert.StartsWith("application/x-www-form-urlencoded", receiver.Requests.Single().ContentType, StringComparison.Ordinal);
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer(server.BaseAddress),
            ValidAudience = application.ClientId,
            IssuerSigningKeys = await RelyingParty.SigningKeysAsync(server),
            ValidTypes = ["logout+jwt"],
        });
        Assert.True(validation.IsValid, validation.Exception?.Message);
        var logout = (JsonWebToken)validation.SecurityToken;
        Assert.Equal("logout+jwt", logout.Typ);
        Assert.Equal(idToken.GetClaim("sid").Value, logout.GetClaim("sid").Value);
        Assert.Equal(idToken.Subject, logout.Subject);
        Assert.False(string.IsNullOrEmpty(logout.Id));
        Assert.True(logout.TryGetPayloadValue<Dictionary<string, object>>("events", out var events));
        Assert.Equal(["http://schemas.openid.net/event/backchannel-logout"], events.Keys);
        Assert.False(logout.TryGetPayloadValue<string>("nonce", out _));
        Assert.True(logout.ValidTo > logout.IssuedAt && logout.ValidTo - logout.IssuedAt <= TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_gets_the_same_token_id_on_the_third_attempt_after_a_growing_wait()
    {
        await using var receiver = await LogoutReceiver.StartAsync(failures: 2);
        var application = await RelyingParty.CreateAsync(server, backchannel: receiver.Address);
        using var browser = new Browser(server.BaseAddress);
        var idToken = (await application.SignInAsync(browser))["id_token"]!.GetValue<string>();

        using var signoff = await SignOffAsync(browser, idToken);
        var accepted = RelyingParty.Read(await receiver.AcceptedTokenAsync(Patience));

        var requests = receiver.Requests;
        Assert.Equal([true, true, false], requests.Select(r => r.Refused));
        Assert.All(requests, r => Assert.Equal(accepted.Id, RelyingParty.Read(r.LogoutToken).Id));
        Assert.True(requests[1].At - requests[0].At >= LogoutServerFixture.FirstRetryDelay);
        Assert.True(requests[2].At - requests[1].At >= LogoutServerFixture.FirstRetryDelay * 2);
        await AssertOutboxEmptiesAsync(application.ClientId);
    }

    [Fact]
    public async Task A_receiver_that_always_fails_is_given_up_after_the_last_attempt()
    {
        await using var receiver = await LogoutReceiver.StartAsync(failures: int.MaxValue);
        var application = await RelyingParty.CreateAsync(server, backchannel: receiver.Address);
        using var browser = new Browser(server.BaseAddress);
        var idToken = (await application.SignInAsync(browser))["id_token"]!.GetValue<string>();

        using var signoff = await SignOffAsync(browser, idToken);
        await AssertOutboxEmptiesAsync(application.ClientId);
        await Task.Delay(LogoutServerFixture.FirstRetryDelay * 4);

        Assert.Equal(4, receiver.Requests.Count);
    }

    [Fact]
    public async Task A_slow_receiver_does_not_delay_sign_off()
    {
        var slowness = TimeSpan.FromSeconds(4);
        await using var receiver = await LogoutReceiver.StartAsync(delay: slowness);
        var application = await RelyingParty.CreateAsync(server, backchannel: receiver.Address);
        using var browser = new Browser(server.BaseAddress);
        var idToken = (await application.SignInAsync(browser))["id_token"]!.GetValue<string>();

        var clock = Stopwatch.StartNew();
        using var signoff = await SignOffAsync(browser, idToken);
        var signedOffAfter = clock.Elapsed;
        await receiver.AcceptedTokenAsync(Patience);

        Assert.Equal(HttpStatusCode.Redirect, signoff.StatusCode);
        Assert.True(signedOffAfter < slowness / 2, $"sign-off took {signedOffAfter}");
        Assert.True(clock.Elapsed >= slowness);
    }

    [Fact]
    public async Task Only_the_applications_of_the_ended_session_are_told()
    {
        await using var ours = await LogoutReceiver.StartAsync();
        await using var theirs = await LogoutReceiver.StartAsync();
        var ourApplication = await RelyingParty.CreateAsync(server, backchannel: ours.Address);
        var theirApplication = await RelyingParty.CreateAsync(server, backchannel: theirs.Address);
        using var browser = new Browser(server.BaseAddress);
        using var otherBrowser = new Browser(server.BaseAddress);
        var idToken = (await ourApplication.SignInAsync(browser))["id_token"]!.GetValue<string>();
        await theirApplication.SignInAsync(otherBrowser);

        using var signoff = await SignOffAsync(browser, idToken);
        await ours.AcceptedTokenAsync(Patience);
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        Assert.Empty(theirs.Requests);
    }

    private static Task<HttpResponseMessage> SignOffAsync(Browser browser, string idToken) => browser.GetAsync(
        $"/{Id}/as/signoff?id_token_hint={idToken}&post_logout_redirect_uri={Uri.EscapeDataString(RelyingParty.PostLogout)}&state=bye");

    /// <summary>Waits until the outbox holds nothing for the application: delivered, or given up.</summary>
    private async Task AssertOutboxEmptiesAsync(string clientId)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            await using var scope = server.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
            if (!await db.LogoutDeliveries.AnyAsync(d => d.ClientId == clientId))
            {
                return;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, "The outbox still holds a delivery.");
            await Task.Delay(50);
        }
    }
}
