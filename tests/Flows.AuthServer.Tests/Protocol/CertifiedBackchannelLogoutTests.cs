using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Flows.AuthServer.Protocol;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Logout;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// OpenID Connect Back-Channel Logout 1.0 from an independent relying party's side (openid-client and jose,
/// tests/clients/backchannel-logout.mjs): it signs in, ends the session at the end-session endpoint and validates the
/// logout token the server POSTs to its registered back-channel address as §2.6 requires. The server's delivery
/// retries are fast (<see cref="LogoutServerFixture"/>).
/// </summary>
[Collection(LogoutCollection.Name)]
public sealed class CertifiedBackchannelLogoutTests(LogoutServerFixture server, ITestOutputHelper output)
{
    private const string StepLogoutToken = "logout token";
    private const string StepBackchannelLogout = "backchannel logout";

    [Fact]
    public async Task A_certified_client_is_told_of_the_end_of_its_session_by_a_logout_token_it_validates()
    {
        var listener = FreeLoopbackAddress();
        var application = await RelyingParty.CreateAsync(server, backchannel: listener);

        var result = await CodeFlowClient.RunAsync(Variables(application, listener), CodeFlowClient.BackchannelLogoutScript);

        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, $"{CodeFlowClient.BackchannelLogoutScript} failed against {server.BaseAddress}: {result}");
        var json = result.Json;
        Assert.True(json["ok"]?.GetValue<bool>(), result.ToString());
        var idToken = json["idTokenClaims"]!.AsObject();
        var logout = json["logoutToken"]!["claims"]!.AsObject();
        Assert.Equal("logout+jwt", json["logoutToken"]!["header"]!["typ"]?.GetValue<string>());
        Assert.Equal(Issuer(server.BaseAddress), logout["iss"]?.GetValue<string>());
        Assert.Equal(application.ClientId, logout["aud"]?.GetValue<string>());
        Assert.Equal(idToken["sid"]?.GetValue<string>(), logout["sid"]?.GetValue<string>());
        Assert.Equal(idToken["sub"]?.GetValue<string>(), logout["sub"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_certified_client_that_took_no_part_in_the_ended_session_is_not_told()
    {
        // The client signs in to one application and listens as another, which the session never signed in to.
        await using var participant = await LogoutReceiver.StartAsync();
        var signedIn = await RelyingParty.CreateAsync(server, backchannel: participant.Address);
        var listener = FreeLoopbackAddress();
        await RelyingParty.CreateAsync(server, backchannel: listener);
        var variables = Variables(signedIn, listener);
        variables["LOGOUT_WAIT_SECONDS"] = "3";

        var result = await CodeFlowClient.RunAsync(variables, CodeFlowClient.BackchannelLogoutScript);

        output.WriteLine(result.ToString());
        Assert.Equal(1, result.ExitCode);
        Assert.False(result.Json["ok"]?.GetValue<bool>());
        Assert.Equal(StepBackchannelLogout, result.Json["step"]?.GetValue<string>());
        // The session did end, and its participant was told.
        await participant.AcceptedTokenAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_certified_client_accepts_a_logout_token_signed_again_with_the_environments_key_unchanged()
    {
        var (result, relay) = await RunThroughRelayAsync(LogoutTokenTampering.None);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Json["ok"]?.GetValue<bool>(), result.ToString());
        Assert.NotEmpty(relay);
    }

    [Theory]
    [InlineData(LogoutTokenTampering.PayloadChangedAfterSigning, "signature verification failed")]
    [InlineData(LogoutTokenTampering.UnsignedWithAlgorithmNone, "\"alg\" (Algorithm) Header Parameter value not allowed")]
    [InlineData(LogoutTokenTampering.SignedWithAnotherKey, "signature verification failed")]
    [InlineData(LogoutTokenTampering.AnotherAudience, "unexpected \"aud\" claim value")]
    [InlineData(LogoutTokenTampering.AnotherIssuer, "unexpected \"iss\" claim value")]
    [InlineData(LogoutTokenTampering.TypeJwt, "unexpected \"typ\" JWT header value")]
    [InlineData(LogoutTokenTampering.WithNonce, "carries a nonce")]
    [InlineData(LogoutTokenTampering.WithoutEvents, "missing required \"events\" claim")]
    [InlineData(LogoutTokenTampering.EventsWithoutTheLogoutEvent, "events claim has no http://schemas.openid.net/event/backchannel-logout member")]
    [InlineData(LogoutTokenTampering.AnotherSession, "names session another-session")]
    [InlineData(LogoutTokenTampering.AnotherSubject, "names another subject")]
    [InlineData(LogoutTokenTampering.WithoutTokenId, "missing required \"jti\" claim")]
    [InlineData(LogoutTokenTampering.WithoutIssuedAt, "missing required \"iat\" claim")]
    [InlineData(LogoutTokenTampering.IssuedAnHourAgo, "\"iat\" claim timestamp check failed (too far in the past)")]
    [InlineData(LogoutTokenTampering.Expired, "\"exp\" claim timestamp check failed")]
    public async Task A_certified_client_refuses_a_logout_token_that_was_tampered_with(LogoutTokenTampering tampering, string reason)
    {
        var (result, relay) = await RunThroughRelayAsync(tampering);

        Assert.Equal(1, result.ExitCode);
        var json = result.Json;
        Assert.False(json["ok"]?.GetValue<bool>());
        Assert.Equal(StepLogoutToken, json["step"]?.GetValue<string>());
        Assert.Contains(reason, json["error"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEmpty(relay);
    }

    /// <summary>Runs the client with the application's back-channel address on a relay that rewrites each logout token.</summary>
    private async Task<(CodeFlowClient.Result Result, IReadOnlyList<string> Relayed)> RunThroughRelayAsync(LogoutTokenTampering tampering)
    {
        var listener = FreeLoopbackAddress();
        var forgery = new LogoutTokenForgery(server.Services.GetRequiredService<EnvironmentKeyStore>().Current(Id).Active.Rsa);
        await using var relay = await LogoutTokenRelay.StartAsync(listener, token => forgery.Rewrite(token, tampering));
        var application = await RelyingParty.CreateAsync(server, backchannel: relay.Address);

        var result = await CodeFlowClient.RunAsync(Variables(application, listener), CodeFlowClient.BackchannelLogoutScript);

        output.WriteLine(result.ToString());
        return (result, relay.Received);
    }

    private Dictionary<string, string> Variables(RelyingParty application, Uri listener) => new()
    {
        ["ISSUER"] = Issuer(server.BaseAddress),
        ["CLIENT_ID"] = application.ClientId,
        ["CLIENT_SECRET"] = application.Secret,
        ["REDIRECT_URI"] = RelyingParty.Redirect,
        ["POST_LOGOUT_REDIRECT_URI"] = RelyingParty.PostLogout,
        ["BACKCHANNEL_LOGOUT_URI"] = listener.ToString(),
        ["USERNAME"] = Bob,
        ["PASSWORD"] = BobPassword,
        ["SCOPE"] = "openid profile",
    };

    /// <summary>An address on a loopback port that is free now, for the client to listen on once it starts.</summary>
    private static Uri FreeLoopbackAddress()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new Uri($"http://127.0.0.1:{port}{LogoutReceiver.Path}");
    }
}
