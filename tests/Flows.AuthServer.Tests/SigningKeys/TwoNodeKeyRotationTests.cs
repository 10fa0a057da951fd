using System.Net;
using Flows.AuthServer.Data;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.Testing;

namespace Flows.AuthServer.Tests.SigningKeys;

/// <summary>
/// Two server processes on one PostgreSQL database, behind one public URL: keys rotated on the first node, tokens
/// verified and redeemed on the second across the rotations. The second node trusts the key set it read for an hour:
/// it reads the new set when the first node announces the rotation, or, had it missed that, when a token names a key
/// it does not know (shown on its own by <see cref="UnknownKeyReadTests"/>).
/// </summary>
public sealed class TwoNodeKeyRotationTests : IAsyncLifetime
{
    private static readonly TimeSpan NotificationWait = TimeSpan.FromSeconds(5);

    private readonly string _secrets = Directory.CreateTempSubdirectory("flows-two-nodes-").FullName;
    private TestDatabase _database = null!;
    private ServerProcess _first = null!;
    private ServerProcess _second = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.PostgreSqlAsync();
        var (firstPort, secondPort) = (ServerProcess.FreePort(), ServerProcess.FreePort());
        var settings = new Dictionary<string, string>
        {
            ["Flows__Database__Provider"] = "PostgreSql",
            ["Flows__Database__ConnectionString"] = _database.Options.ConnectionString,
            ["Flows__PublicUrl"] = $"http://127.0.0.1:{firstPort}",
            ["Flows__Import__0"] = Path.Combine(AppContext.BaseDirectory, "environments", "test.json"),
            ["Flows__Admin__Password"] = ManagementServerFixture.AdminPassword,
            ["Flows__Admin__ClientSecret"] = ManagementServerFixture.AdminClientSecret,
            ["Flows__Secrets__Directory"] = _secrets,
            ["Flows__Passwords__Iterations"] = "1000",
            ["Flows__SigningKeys__RefreshInterval"] = "01:00:00",
        };
        _first = await ServerProcess.StartAsync(firstPort, settings);
        _second = await ServerProcess.StartAsync(secondPort, settings);
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
        await _database.DisposeAsync();
        Directory.Delete(_secrets, recursive: true);
    }

    [Fact]
    public async Task Keys_rotated_on_one_node_verify_and_redeem_tokens_on_the_other()
    {
        using var firstHttp = new HttpClient { BaseAddress = _first.BaseAddress };
        using var secondHttp = new HttpClient { BaseAddress = _second.BaseAddress };
        var first = new KeyRotationClient(firstHttp, _first.BaseAddress);
        var second = new KeyRotationClient(secondHttp, _second.BaseAddress);
        var admin = await first.Api.TokenAsync();
        var before = KeyRotationClient.TokensOf(await first.SignInAsync());
        var next = KeyRotationClient.KidOf(await first.KeysAsync(admin), SigningKeyStatuses.Next);
        Assert.Contains(next, await second.PublishedAsync());

        // First rotation: the second node already knows the new key, published as next since both started.
        Assert.Equal(HttpStatusCode.OK, (await first.RotateAsync(admin)).Status);
        Assert.Equal(HttpStatusCode.OK, (await TokenRequests.UserInfoAsync(secondHttp, before.AccessToken)).Status);
        var redeemed = KeyRotationClient.TokensOf(await second.RefreshAsync(before.RefreshToken));
        var afterFirst = KeyRotationClient.TokensOf(await first.RefreshAsync(redeemed.RefreshToken));
        Assert.Equal(next, KeyRotationClient.KidOf(afterFirst.AccessToken));
        Assert.Equal(HttpStatusCode.OK, (await TokenRequests.UserInfoAsync(secondHttp, afterFirst.AccessToken)).Status);

        // Second rotation: the key that signs now was made by the first node after the second read its keys.
        var rotated = (await first.RotateAsync(admin)).Body["items"]!.AsArray();
        var newest = KeyRotationClient.KidOf(rotated, SigningKeyStatuses.Active);

        // Told of the rotation, the second node publishes the new next key before any token names a key it lacks.
        Assert.True(await PublishesSoonAsync(second, KeyRotationClient.KidOf(rotated, SigningKeyStatuses.Next)));
        var afterSecond = KeyRotationClient.TokensOf(await first.RefreshAsync(afterFirst.RefreshToken));
        Assert.Equal(newest, KeyRotationClient.KidOf(afterSecond.AccessToken));
        Assert.Equal(HttpStatusCode.OK, (await TokenRequests.UserInfoAsync(secondHttp, afterSecond.AccessToken)).Status);

        // Having read the new set, the second node signs with the new key and publishes the new next one.
        var fromSecond = await second.RefreshAsync(afterSecond.RefreshToken);
        Assert.Equal(newest, KeyRotationClient.KidOf(fromSecond["access_token"]!.GetValue<string>()));
        Assert.Contains(KeyRotationClient.KidOf(await first.KeysAsync(admin), SigningKeyStatuses.Next), await second.PublishedAsync());
    }

    /// <summary>
    /// Whether <paramref name="node"/> publishes <paramref name="kid"/> within a few seconds: the time a notification
    /// takes to be handled on a busy machine, far below the hour the node trusts the keys it read.
    /// </summary>
    private static async Task<bool> PublishesSoonAsync(KeyRotationClient node, string kid)
    {
        var deadline = DateTime.UtcNow + NotificationWait;
        while (!(await node.PublishedAsync()).Contains(kid))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }
}
