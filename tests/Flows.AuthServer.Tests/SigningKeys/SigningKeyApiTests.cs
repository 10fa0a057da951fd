using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.SigningKeys;

/// <summary><c>/v1/environments/{env}/signingKeys</c> and <c>…/rotate</c>: tokens and scopes, unknown environments, the audit log, no key material.</summary>
public sealed class SigningKeyApiTests(KeyRotationServerFixture server) : IClassFixture<KeyRotationServerFixture>
{
    private readonly KeyRotationClient _client = new(server.CreateRawClient(), server.BaseAddress);

    [Fact]
    public async Task The_list_shows_kid_status_and_dates_and_never_key_material()
    {
        var keys = await _client.KeysAsync(await _client.Api.TokenAsync(ManagementScopes.Read), Id);

        Assert.Equal(["active", "next"], keys.Select(key => key!["status"]!.GetValue<string>()));
        Assert.All(keys, key => Assert.Equal(
            ["activatedAt", "createdAt", "deleteAfter", "kid", "retireAfter", "status"],
            key!.AsObject().Select(property => property.Key).Order()));
    }

    [Fact]
    public async Task Rotating_needs_the_write_scope_and_listing_a_token()
    {
        var path = $"/v1/environments/{Other}/signingKeys";

        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.Api.GetAsync(path, null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.RotateAsync(null!, Other)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _client.RotateAsync(await _client.Api.TokenAsync(ManagementScopes.Read), Other)).Status);
    }

    [Fact]
    public async Task An_unknown_environment_is_404_for_the_list_and_the_rotation()
    {
        var token = await _client.Api.TokenAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await _client.Api.GetAsync("/v1/environments/no-such-environment/signingKeys", token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.RotateAsync(token, "no-such-environment")).Status);
    }

    [Fact]
    public async Task A_rotation_is_in_the_audit_log_under_its_actor()
    {
        var token = await _client.Api.TokenAsync();

        Assert.Equal(HttpStatusCode.OK, (await _client.RotateAsync(token, Other)).Status);

        var log = await _client.Api.GetAsync($"/v1/environments/{Other}/auditEntries", token);
        var entry = log.Body["items"]!.AsArray().First(e => e!["action"]!.GetValue<string>() == AuditActions.SigningKeysRotated)!;
        Assert.Equal($"/v1/environments/{Other}/signingKeys/rotate", entry["path"]!.GetValue<string>());
        Assert.Equal(200, entry["status"]!.GetValue<int>());
        Assert.Equal(1, log.Body["items"]!.AsArray().Count(e => e!["action"]!.GetValue<string>() == AuditActions.SigningKeysRotated));
    }
}

/// <summary>The schedule rotates a key that has signed for the rotation period, on its own.</summary>
public sealed class SigningKeyScheduleTests(FastRotationServerFixture server) : IClassFixture<FastRotationServerFixture>
{
    [Fact]
    public async Task A_key_that_has_signed_for_the_rotation_period_is_replaced_by_the_next_one()
    {
        var client = new KeyRotationClient(server.CreateRawClient(), server.BaseAddress);
        var token = await client.Api.TokenAsync();
        var next = KeyRotationClient.KidOf(await client.KeysAsync(token, Other), "next");

        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonArray keys;
        do
        {
            await Task.Delay(250);
            keys = await client.KeysAsync(token, Other);
        }
        while (keys.All(key => key!["kid"]!.GetValue<string>() != next || key["status"]!.GetValue<string>() != "active") && DateTime.UtcNow < deadline);

        Assert.Contains(keys, key => key!["kid"]!.GetValue<string>() == next && key["status"]!.GetValue<string>() != "next");
    }
}
