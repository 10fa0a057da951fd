using System.Net;
using Flows.Testing;

namespace Flows.AuthServer.Tests.Management;

/// <summary>Every change through /v1 is logged with who made it; reads and refused writes are not.</summary>
[Collection(ManagementCollection.Name)]
public sealed class AuditLogTests(ManagementServerFixture server)
{
    private readonly ManagementApi _api = new(server.CreateClient());

    [Fact]
    public async Task A_created_environment_is_in_the_log_with_its_actor_and_a_refused_one_is_not()
    {
        var token = await _api.TokenAsync();
        var created = await _api.PostAsync("/v1/environments", token, new { id = "audited", name = "Audited" });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var refused = await _api.PostAsync("/v1/environments", token, new { id = "audited", name = "Again" });
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);

        var log = await _api.GetAsync("/v1/auditEntries?pageSize=500", token);

        Assert.Equal(HttpStatusCode.OK, log.Status);
        var entries = log.Body["items"]!.AsArray().Select(e => e!.AsObject())
            .Where(e => e["path"]!.GetValue<string>() == "/v1/environments" && e["method"]!.GetValue<string>() == "POST")
            .ToList();
        Assert.Contains(entries, e => e["status"]!.GetValue<int>() == 201 && e["actor"]!.GetValue<string>() == "flows-admin");
        Assert.DoesNotContain(entries, e => e["status"]!.GetValue<int>() >= 400);
    }

    [Fact]
    public async Task The_log_of_an_environment_holds_only_its_changes_and_pages_newest_first()
    {
        var token = await _api.TokenAsync();
        Assert.Equal(HttpStatusCode.Created, (await _api.PostAsync("/v1/environments", token, new { id = "audit-paging", name = "Paging" })).Status);
        for (var i = 0; i < 3; i++)
        {
            var user = await _api.PostAsync("/v1/environments/audit-paging/users", token, new { username = $"user{i}", password = "a-long-enough-password" });
            Assert.Equal(HttpStatusCode.Created, user.Status);
        }

        var first = await _api.GetAsync("/v1/environments/audit-paging/auditEntries?pageSize=2", token);
        var second = await _api.GetAsync($"/v1/environments/audit-paging/auditEntries?pageSize=2&after={first.Text("next")}", token);

        var ids = first.Body["items"]!.AsArray().Concat(second.Body["items"]!.AsArray()).Select(e => e!["id"]!.GetValue<long>()).ToList();
        Assert.Equal(3, ids.Count);
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.All(first.Body["items"]!.AsArray(), e => Assert.Equal("audit-paging", e!["environmentId"]!.GetValue<string>()));
        Assert.Null(second.Body["next"]);
    }

    [Fact]
    public async Task A_validation_changes_nothing_and_is_not_logged()
    {
        var token = await _api.TokenAsync();
        Assert.Equal(HttpStatusCode.Created, (await _api.PostAsync("/v1/environments", token, new { id = "audit-validate", name = "Validate" })).Status);
        var definition = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "workflows", "username-password.json"));

        var validated = await _api.SendAsync(HttpMethod.Post, "/v1/environments/audit-validate/flows/username-password/validate", token, definition);

        Assert.Equal(HttpStatusCode.OK, validated.Status);
        var log = await _api.GetAsync("/v1/environments/audit-validate/auditEntries", token);
        Assert.DoesNotContain(log.Body["items"]!.AsArray(), e => e!["path"]!.GetValue<string>().EndsWith("/validate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_log_needs_a_token_and_refuses_a_forged_cursor()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.GetAsync("/v1/auditEntries", null)).Status);
        var token = await _api.TokenAsync();
        var forged = await _api.GetAsync("/v1/auditEntries?after=bm90LWEtbnVtYmVy", token);
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Contains("after", forged.ErrorFields);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync("/v1/environments/no-such/auditEntries", token)).Status);
    }
}
