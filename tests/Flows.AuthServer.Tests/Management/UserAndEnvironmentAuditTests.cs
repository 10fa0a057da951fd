using System.Net;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Flows.AuthServer.Management.Audit;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Flows.AuthServer.Tests.Management.ManagementUsers;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// Each write of a user or an environment through <c>/v1</c> is logged once, by its service, under the action its
/// endpoint names; a refused write is not logged at all.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class UserAndEnvironmentAuditTests(ManagementServerFixture server)
{
    private readonly ManagementApi _api = new(server.CreateRawClient());

    [Fact]
    public async Task Each_change_of_a_user_is_logged_once_under_its_endpoints_action()
    {
        var token = await _api.TokenAsync();
        var mark = await MarkAsync();
        var user = await CreateAsync(_api, token, UniqueName("au"));
        var path = user.Location!.ToString();

        var writes = new (string Endpoint, HttpStatusCode Status, ManagementResponse Response)[]
        {
            ("UpdateUser", HttpStatusCode.OK, await _api.PatchAsync(path, token, new { name = "Audited" }, ifMatch: user.ETag)),
            ("SetUserPassword", HttpStatusCode.NoContent, await _api.PutAsync($"{path}/password", token, new { newPassword = "a-new-password-1" })),
            ("UnlockUser", HttpStatusCode.NoContent, await _api.PostAsync($"{path}/unlock", token, new { })),
            ("EnrollUserTotpDevice", HttpStatusCode.Created, await _api.PostAsync($"{path}/mfaDevices/totp", token, new { })),
            ("DeleteUserTotpDevice", HttpStatusCode.NoContent, await _api.DeleteAsync($"{path}/mfaDevices/totp", token)),
            ("DeleteUser", HttpStatusCode.NoContent, await _api.DeleteAsync(path, token)),
        };

        Assert.All(writes, write => Assert.Equal(write.Status, write.Response.Status));
        var logged = (await SinceAsync(mark)).Where(e => e.Path.StartsWith(path, StringComparison.Ordinal) || e.Action == AuditActions.UserCreated).ToList();
        Assert.Equal(
            ["CreateUser", .. writes.Select(write => write.Endpoint)],
            logged.Select(entry => EndpointOf(entry.Action)).ToList());
        Assert.All(logged, entry => Assert.Equal(("flows-admin", Hosting.TestEnvironment.Id), (entry.Actor, entry.EnvironmentId)));
    }

    [Fact]
    public async Task A_refused_change_of_a_user_is_not_logged()
    {
        var token = await _api.TokenAsync();
        var user = await CreateAsync(_api, token, UniqueName("ar"));
        var path = user.Location!.ToString();
        Assert.Equal(HttpStatusCode.OK, (await _api.PatchAsync(path, token, new { name = "Changed" })).Status);
        var mark = await MarkAsync();

        var stale = await _api.PatchAsync(path, token, new { name = "Stale" }, ifMatch: user.ETag);
        var weak = await _api.PutAsync($"{path}/password", token, new { newPassword = "short" });
        var noDevice = await _api.DeleteAsync($"{path}/mfaDevices/totp", token);

        Assert.Equal((HttpStatusCode.PreconditionFailed, HttpStatusCode.BadRequest, HttpStatusCode.NotFound), (stale.Status, weak.Status, noDevice.Status));
        Assert.Empty(await SinceAsync(mark));
    }

    [Fact]
    public async Task Each_change_of_an_environment_is_logged_once_under_its_endpoints_action()
    {
        var token = await _api.TokenAsync();
        var (created, imported) = ($"au-{Guid.NewGuid():N}"[..16], $"ai-{Guid.NewGuid():N}"[..16]);
        var mark = await MarkAsync();

        var create = await _api.PostAsync("/v1/environments", token, new { id = created, name = "Audited" });
        var import = await _api.PostAsync("/v1/environments/import", token, new { id = imported, name = "Imported", defaultFlow = "username-password" });
        var change = await _api.PatchAsync($"/v1/environments/{created}", token, new { name = "Renamed" }, ifMatch: create.ETag);
        var refused = await _api.DeleteAsync($"/v1/environments/{created}", token, ifMatch: create.ETag);
        var delete = await _api.DeleteAsync($"/v1/environments/{imported}", token);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.PreconditionFailed, HttpStatusCode.NoContent),
            (create.Status, import.Status, change.Status, refused.Status, delete.Status));
        var logged = await SinceAsync(mark);
        Assert.Equal(
            [("CreateEnvironment", null), ("ImportEnvironment", null), ("UpdateEnvironment", created), ("DeleteEnvironment", imported)],
            logged.Select(entry => (EndpointOf(entry.Action), entry.EnvironmentId)).ToList());
    }

    /// <summary>The endpoint whose service logs <paramref name="action"/>, by the endpoint's metadata.</summary>
    private string EndpointOf(string action) => server.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .Single(e => e.Metadata.GetMetadata<AuditedByService>()?.Name == action)
        .Metadata.GetRequiredMetadata<IEndpointNameMetadata>().EndpointName;

    private Task<long> MarkAsync() => InDatabaseAsync(server, async db => await db.AuditEntries.MaxAsync(e => (long?)e.Id) ?? 0);

    private Task<List<AuditEntryRecord>> SinceAsync(long mark) =>
        InDatabaseAsync(server, db => db.AuditEntries.AsNoTracking().Where(e => e.Id > mark).OrderBy(e => e.Id).ToListAsync());
}
