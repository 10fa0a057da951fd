using System.Net;
using Flows.AuthServer.Tests.Hosting;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// Drafts, publish and rollback on PostgreSQL: the row stamps that guard concurrent writes must compare equal
/// after a round trip through its timestamp type, as they do on SQLite.
/// </summary>
public sealed class FlowPostgreSqlTests(PostgreSqlManagementServer postgres) : IClassFixture<PostgreSqlManagementServer>
{
    private const string Flows = $"/v1/environments/{Id}/flows";

    private readonly ManagementServerFixture _server = postgres.Server;

    [Fact]
    public async Task A_draft_is_saved_under_if_match_published_and_rolled_back_on_postgresql()
    {
        using var http = _server.CreateRawClient();
        var api = new ManagementApi(http);
        var token = await api.TokenAsync();
        var id = FlowTestDefinitions.NewId();
        var definition = FlowTestDefinitions.Shipped("username-password", id);

        var listed = await api.GetAsync(Flows, token);
        await FlowTestDefinitions.SendAsync(api, HttpMethod.Post, Flows, token, definition);
        await api.PostAsync($"{Flows}/{id}/publish", token, new { note = "one" });
        var read = await FlowTestDefinitions.SendAsync(api, HttpMethod.Put, $"{Flows}/{id}/draft", token, definition);
        definition.Name = "Two";
        var saved = await FlowTestDefinitions.SendAsync(api, HttpMethod.Put, $"{Flows}/{id}/draft", token, definition, ifMatch: read.ETag);
        var stale = await FlowTestDefinitions.SendAsync(api, HttpMethod.Put, $"{Flows}/{id}/draft", token, definition, ifMatch: read.ETag);
        var published = await api.SendAsync(HttpMethod.Post, $"{Flows}/{id}/publish", token, ifMatch: saved.ETag);
        var flow = await api.GetAsync($"{Flows}/{id}", token);
        var rolledBack = await api.PutAsync($"{Flows}/{id}/default", token, new { version = 1 }, ifMatch: flow.ETag);

        Assert.Contains("username-password", FlowTestDefinitions.Items(listed).Select(f => f["id"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.PreconditionFailed), (saved.Status, stale.Status));
        Assert.Equal((HttpStatusCode.Created, 2), (published.Status, published.Body["version"]!.GetValue<int>()));
        Assert.Equal((HttpStatusCode.OK, 1), (rolledBack.Status, rolledBack.Body["defaultVersion"]!.GetValue<int>()));
        Assert.False(rolledBack.Body["hasDraft"]!.GetValue<bool>());
    }
}
