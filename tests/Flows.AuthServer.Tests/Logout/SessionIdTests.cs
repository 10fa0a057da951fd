using System.Net;
using Flows.AuthServer.Tests.Hosting;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Logout;

/// <summary>
/// The <c>sid</c> claim (Front-Channel Logout 1.0 §3, Back-Channel Logout 1.0 §2.1): every ID token of one browser
/// session names it, the same across applications, SSO and refresh; another session has another one.
/// </summary>
[Collection(LogoutCollection.Name)]
public sealed class SessionIdTests(LogoutServerFixture server)
{
    [Fact]
    public async Task Every_id_token_of_one_session_carries_the_same_sid_and_another_session_another()
    {
        var first = await RelyingParty.CreateAsync(server);
        var second = await RelyingParty.CreateAsync(server);
        using var browser = new Browser(server.BaseAddress);
        using var otherBrowser = new Browser(server.BaseAddress);

        var signedIn = await first.SignInAsync(browser);
        var singleSignOn = await second.SignInAsync(browser);
        var otherSession = await first.SignInAsync(otherBrowser);
        using var http = server.CreateRawClient();
        var (status, refreshed) = await TokenRequests.RefreshAsync(http, signedIn["refresh_token"]!.GetValue<string>(), first.ClientId, first.Secret);

        Assert.Equal(HttpStatusCode.OK, status);
        var sid = Sid(signedIn);
        Assert.False(string.IsNullOrEmpty(sid));
        Assert.Equal(sid, Sid(singleSignOn));
        Assert.Equal(sid, Sid(refreshed));
        Assert.NotEqual(sid, Sid(otherSession));
    }

    [Fact]
    public async Task Discovery_advertises_back_and_front_channel_logout_with_sid()
    {
        using var http = server.CreateRawClient();

        var discovery = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync($"/{Id}/as/.well-known/openid-configuration"))!;

        Assert.True(discovery["backchannel_logout_supported"]!.GetValue<bool>());
        Assert.True(discovery["backchannel_logout_session_supported"]!.GetValue<bool>());
        Assert.True(discovery["frontchannel_logout_supported"]!.GetValue<bool>());
        Assert.True(discovery["frontchannel_logout_session_supported"]!.GetValue<bool>());
        Assert.Contains("sid", discovery["claims_supported"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    private static string? Sid(System.Text.Json.Nodes.JsonObject tokens) =>
        RelyingParty.Read(tokens["id_token"]!.GetValue<string>()).TryGetClaim("sid", out var sid) ? sid.Value : null;
}
