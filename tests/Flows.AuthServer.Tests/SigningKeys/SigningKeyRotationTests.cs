using System.Net;
using Flows.AuthServer.Data;
using Flows.AuthServer.SigningKeys;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.SigningKeys;

/// <summary>
/// Rotation with overlap, over HTTP: the next key is in the JWKS before it signs, tokens signed before a rotation stay
/// valid, a previous key leaves the JWKS at its retire-after and is deleted at its delete-after.
/// </summary>
public sealed class SigningKeyRotationTests(KeyRotationServerFixture server) : IClassFixture<KeyRotationServerFixture>
{
    private readonly KeyRotationClient _client = new(server.CreateRawClient(), server.BaseAddress);

    [Fact]
    public async Task The_next_key_is_published_before_it_signs_and_signs_after_a_rotation()
    {
        var token = await _client.Api.TokenAsync();
        var before = await _client.KeysAsync(token);
        var (active, next) = (KeyRotationClient.KidOf(before, SigningKeyStatuses.Active), KeyRotationClient.KidOf(before, SigningKeyStatuses.Next));
        Assert.Contains(next, await _client.PublishedAsync());
        Assert.Equal(active, KeyRotationClient.KidOf(await ServiceTokenAsync()));

        var rotated = await _client.RotateAsync(token);

        Assert.Equal(HttpStatusCode.OK, rotated.Status);
        var after = rotated.Body["items"]!.AsArray();
        Assert.Equal(next, KeyRotationClient.KidOf(after, SigningKeyStatuses.Active));
        Assert.Equal(SigningKeyStatuses.Previous, after.Single(key => key!["kid"]!.GetValue<string>() == active)!["status"]!.GetValue<string>());
        var newNext = KeyRotationClient.KidOf(after, SigningKeyStatuses.Next);
        Assert.NotEqual(next, newNext);
        Assert.Equal(next, KeyRotationClient.KidOf(await ServiceTokenAsync()));
        var published = await _client.PublishedAsync();
        Assert.Contains(active, published);
        Assert.Contains(next, published);
        Assert.Contains(newNext, published);
    }

    [Fact]
    public async Task Tokens_issued_before_a_rotation_validate_against_the_jwks_after_it_and_the_refresh_token_is_redeemed()
    {
        var tokens = await _client.SignInAsync();
        var (accessToken, idToken) = (tokens["access_token"]!.GetValue<string>(), tokens["id_token"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await _client.RotateAsync(await _client.Api.TokenAsync())).Status);

        var jwks = await _client.JwksAsync();
        var issuer = Issuer(server.BaseAddress);
        Assert.True(await KeyRotationClient.ValidatesAsync(accessToken, jwks, issuer));
        Assert.True(await KeyRotationClient.ValidatesAsync(idToken, jwks, issuer));
        using var http = server.CreateRawClient();
        Assert.Equal(HttpStatusCode.OK, (await TokenRequests.UserInfoAsync(http, accessToken)).Status);
        var refreshed = await _client.RefreshAsync(tokens["refresh_token"]!.GetValue<string>());
        Assert.NotEqual(KeyRotationClient.KidOf(accessToken), KeyRotationClient.KidOf(refreshed["access_token"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_previous_key_leaves_the_jwks_after_its_retire_after_and_stops_validating_after_its_delete_after()
    {
        var token = await _client.Api.TokenAsync();
        var (early, late) = ((await _client.SignInAsync())["refresh_token"]!.GetValue<string>(), (await _client.SignInAsync())["refresh_token"]!.GetValue<string>());
        var signedBy = KeyRotationClient.KidOf(await _client.KeysAsync(token), SigningKeyStatuses.Active);
        Assert.Equal(HttpStatusCode.OK, (await _client.RotateAsync(token)).Status);

        await DateAsync(signedBy, key => key.RetireAfter = DateTimeOffset.UtcNow.AddSeconds(-1));
        await WaitUntilAsync(async () => !(await _client.PublishedAsync()).Contains(signedBy));

        var listed = (await _client.KeysAsync(token)).Single(key => key!["kid"]!.GetValue<string>() == signedBy)!;
        Assert.Equal(SigningKeyStatuses.Retired, listed["status"]!.GetValue<string>());
        // Out of the JWKS, still trusted by the server for the refresh tokens it signed.
        await _client.RefreshAsync(early);

        await DateAsync(signedBy, key => key.DeleteAfter = DateTimeOffset.UtcNow.AddSeconds(-1));
        await server.Services.GetServices<IHostedService>().OfType<SigningKeySchedule>().Single().CheckOnceAsync(CancellationToken.None);

        Assert.DoesNotContain(await _client.KeysAsync(token), key => key!["kid"]!.GetValue<string>() == signedBy);
        using var http = server.CreateRawClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await TokenRequests.RefreshAsync(http, late, SpaClientId, secret: null)).Status);
    }

    private async Task<string> ServiceTokenAsync()
    {
        using var http = server.CreateRawClient();
        var (status, body) = await TokenRequests.PostAsync(http, $"/{Id}/as/token",
            new() { ["grant_type"] = "client_credentials" }, ServiceClientId, ServiceSecret);
        Assert.Equal(HttpStatusCode.OK, status);
        return body["access_token"]!.GetValue<string>();
    }

    /// <summary>Changes a key's dates in the database, as time passing would.</summary>
    private async Task DateAsync(string kid, Action<SigningKeyRecord> change)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        var key = await db.SigningKeys.SingleAsync(k => k.Id == kid);
        change(key);
        await db.SaveChangesAsync();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + KeyRotationServerFixture.RefreshInterval * 10;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold in time");
            await Task.Delay(100);
        }
    }
}
