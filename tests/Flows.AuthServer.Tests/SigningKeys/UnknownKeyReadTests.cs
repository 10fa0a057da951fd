using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Flows.AuthServer.Data;
using Flows.AuthServer.Protocol;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.SigningKeys;

/// <summary>
/// A node meeting a token whose kid it does not know reads the environment's keys again, on its own, without being
/// told of the change: the key is added to the database behind the server's back, as a node missing the notification
/// of another node's rotation would find it.
/// </summary>
public sealed class UnknownKeyReadTests(TrustingKeyServerFixture server) : IClassFixture<TrustingKeyServerFixture>
{
    // Longer than the interval the store waits between two reads for unknown keys.
    private static readonly TimeSpan ReadInterval = TimeSpan.FromSeconds(1.5);

    private readonly KeyRotationClient _client = new(server.CreateRawClient(), server.BaseAddress);

    [Fact]
    public async Task A_token_signed_with_a_key_stored_after_the_node_read_its_keys_is_validated()
    {
        var accessToken = (await _client.SignInAsync())["access_token"]!.GetValue<string>();
        using var http = server.CreateRawClient();
        Assert.Equal(HttpStatusCode.OK, (await TokenRequests.UserInfoAsync(http, accessToken)).Status);
        await Task.Delay(ReadInterval);

        using var rsa = RSA.Create(2048);
        var kid = await StoreBehindTheServersBackAsync(rsa);

        Assert.Equal(HttpStatusCode.OK, (await TokenRequests.UserInfoAsync(http, SignAgain(accessToken, rsa, kid))).Status);
    }

    [Fact]
    public async Task A_token_naming_a_key_the_environment_does_not_have_is_refused()
    {
        var accessToken = (await _client.SignInAsync())["access_token"]!.GetValue<string>();
        await Task.Delay(ReadInterval);
        using var rsa = RSA.Create(2048);
        using var http = server.CreateRawClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenRequests.UserInfoAsync(http, SignAgain(accessToken, rsa, "forged"))).Status);
    }

    /// <summary>Adds a previous signing key of the test environment straight to the database, announced to no cache.</summary>
    private async Task<string> StoreBehindTheServersBackAsync(RSA rsa)
    {
        var protector = server.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(EnvironmentKeyStore.ProtectionPurpose);
        var now = DateTimeOffset.UtcNow;
        var key = new SigningKeyRecord
        {
            Id = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)),
            EnvironmentId = Id,
            Use = EnvironmentKeyStore.SigningUse,
            Status = SigningKeyStatuses.Previous,
            ProtectedKey = protector.Protect(Convert.ToBase64String(rsa.ExportPkcs8PrivateKey())),
            CreatedAt = now,
            ActivatedAt = now,
            RetireAfter = now.AddHours(1),
            DeleteAfter = now.AddDays(1),
        };
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        db.SigningKeys.Add(key);
        await db.SaveChangesAsync();
        return key.Id;
    }

    /// <summary>The same JWT (header and claims) signed with <paramref name="rsa"/> under <paramref name="kid"/> (RS256).</summary>
    private static string SignAgain(string jwt, RSA rsa, string kid)
    {
        var parts = jwt.Split('.');
        var header = JsonNode.Parse(Base64UrlEncoder.Decode(parts[0]))!.AsObject();
        header["kid"] = kid;
        var signed = $"{Base64UrlEncoder.Encode(header.ToJsonString())}.{parts[1]}";
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signed}.{Base64UrlEncoder.Encode(signature)}";
    }
}
