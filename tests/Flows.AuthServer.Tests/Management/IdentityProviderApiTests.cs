using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Data;
using Flows.AuthServer.IdentityProviders;
using Flows.AuthServer.Management;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// <c>/v1/environments/{env}/identityProviders</c>: create, read, list, replace and delete, field problems, 404s, and a
/// client secret that is write-only (stored protected, never in an answer).
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class IdentityProviderApiTests(ManagementServerFixture server)
{
    private const string Providers = $"/v1/environments/{TestEnvironment.Id}/identityProviders";
    private const string Secret = "upstream-secret-that-must-never-be-shown";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task A_provider_is_created_read_listed_replaced_and_deleted()
    {
        var token = await Api.TokenAsync();
        var id = UniqueId("crud");

        var created = await Api.PostAsync(Providers, token, Provider(id));
        var read = await Api.GetAsync($"{Providers}/{id}", token);
        var listed = await Api.GetAsync(Providers, token);
        var replaced = await Api.PutAsync($"{Providers}/{id}", token, Provider(id) with { Name = "Renamed", Domains = ["Other.Test"] });
        var afterReplace = await Api.GetAsync($"{Providers}/{id}", token);
        var deleted = await Api.DeleteAsync($"{Providers}/{id}", token);
        var afterDelete = await Api.GetAsync($"{Providers}/{id}", token);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal($"{Providers}/{id}", created.Location!.ToString());
        Assert.Equal((HttpStatusCode.OK, "Corporate", "oidc", "https://login.corp.test"),
            (read.Status, read.Text("name"), read.Text("type"), read.Text("issuer")));
        Assert.Equal($"/{TestEnvironment.Id}/idp/{id}/callback", read.Text("callbackPath"));
        Assert.Equal(["corp.test"], read.Body["domains"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Contains(listed.Body["items"]!.AsArray(), item => item!["id"]!.GetValue<string>() == id);
        Assert.Equal((HttpStatusCode.OK, "Renamed"), (replaced.Status, replaced.Text("name")));
        Assert.Equal(["other.test"], afterReplace.Body["domains"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, afterDelete.Status);
    }

    [Fact]
    public async Task The_client_secret_is_never_in_an_answer_and_a_replacement_without_one_keeps_it()
    {
        var token = await Api.TokenAsync();
        var id = UniqueId("secret");

        var created = await Api.PostAsync(Providers, token, Provider(id));
        var read = await Api.GetAsync($"{Providers}/{id}", token);
        var listed = await Api.GetAsync(Providers, token);
        var replaced = await Api.PutAsync($"{Providers}/{id}", token, Provider(id) with { ClientSecret = null });

        foreach (var answer in new[] { created, read, listed, replaced })
        {
            Assert.DoesNotContain(Secret, answer.Body.ToJsonString());
            Assert.DoesNotContain("clientSecret\"", answer.Body.ToJsonString());
        }

        Assert.True(read.Body["hasClientSecret"]!.GetValue<bool>());
        Assert.True(replaced.Body["hasClientSecret"]!.GetValue<bool>());
        Assert.Equal(Secret, await StoredSecretAsync(id));
    }

    [Fact]
    public async Task A_replacement_with_a_new_secret_stores_it_protected()
    {
        var token = await Api.TokenAsync();
        var id = UniqueId("rotate");
        Assert.Equal(HttpStatusCode.Created, (await Api.PostAsync(Providers, token, Provider(id) with { ClientSecret = null })).Status);
        var withoutSecret = await Api.GetAsync($"{Providers}/{id}", token);

        var replaced = await Api.PutAsync($"{Providers}/{id}", token, Provider(id) with { ClientSecret = "the-new-upstream-secret" });

        Assert.False(withoutSecret.Body["hasClientSecret"]!.GetValue<bool>());
        Assert.True(replaced.Body["hasClientSecret"]!.GetValue<bool>());
        Assert.Equal("the-new-upstream-secret", await StoredSecretAsync(id));
        Assert.DoesNotContain("the-new-upstream-secret", await InDatabaseAsync(db =>
            db.IdentityProviders.Where(p => p.EnvironmentId == TestEnvironment.Id && p.Id == id).Select(p => p.ProtectedClientSecret!).SingleAsync()));
    }

    [Fact]
    public async Task An_invalid_provider_is_400_with_a_problem_per_field_and_nothing_is_stored()
    {
        var token = await Api.TokenAsync();
        var invalid = new IdentityProviderRequest
        {
            Id = "Not A Path Segment", Name = " ", Type = "saml", Issuer = "http://login.corp.test/?tenant=1", ClientId = "", Domains = ["someone@corp.test"],
        };

        var created = await Api.PostAsync(Providers, token, invalid);
        var id = UniqueId("invalid");
        Assert.Equal(HttpStatusCode.Created, (await Api.PostAsync(Providers, token, Provider(id))).Status);
        var replaced = await Api.PutAsync($"{Providers}/{id}", token, invalid with { Id = null });
        var unchanged = await Api.GetAsync($"{Providers}/{id}", token);

        Assert.Equal((HttpStatusCode.BadRequest, ManagementProblems.InvalidData), (created.Status, created.Code));
        Assert.Equal(["clientId", "domains", "id", "issuer", "name", "type"], created.ErrorFields.Order(StringComparer.Ordinal));
        Assert.Equal((HttpStatusCode.BadRequest, ManagementProblems.InvalidData), (replaced.Status, replaced.Code));
        Assert.Equal(["clientId", "domains", "issuer", "name", "type"], replaced.ErrorFields.Order(StringComparer.Ordinal));
        Assert.Equal("Corporate", unchanged.Text("name"));
        Assert.False(await InDatabaseAsync(db => db.IdentityProviders.AnyAsync(p => p.Id == "Not A Path Segment")));
    }

    [Fact]
    public async Task A_second_provider_with_the_same_id_is_409()
    {
        var token = await Api.TokenAsync();
        var id = UniqueId("twice");
        Assert.Equal(HttpStatusCode.Created, (await Api.PostAsync(Providers, token, Provider(id))).Status);

        var again = await Api.PostAsync(Providers, token, Provider(id) with { Name = "Again" });

        Assert.Equal((HttpStatusCode.Conflict, ManagementProblems.AlreadyExists), (again.Status, again.Code));
        Assert.Equal("Corporate", (await Api.GetAsync($"{Providers}/{id}", token)).Text("name"));
    }

    [Fact]
    public async Task An_unknown_provider_or_environment_is_404()
    {
        var token = await Api.TokenAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync($"{Providers}/nobody", token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.PutAsync($"{Providers}/nobody", token, Provider("nobody"))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.DeleteAsync($"{Providers}/nobody", token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync("/v1/environments/no-such-env/identityProviders", token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.PostAsync("/v1/environments/no-such-env/identityProviders", token, Provider("x"))).Status);
    }

    [Fact]
    public async Task Changes_need_the_write_scope()
    {
        var readOnly = await Api.TokenAsync(ManagementScopes.Read);

        var created = await Api.PostAsync(Providers, readOnly, Provider(UniqueId("read")));
        var listed = await Api.GetAsync(Providers, readOnly);

        Assert.Equal(HttpStatusCode.Forbidden, created.Status);
        Assert.Equal(HttpStatusCode.OK, listed.Status);
    }

    internal static IdentityProviderRequest Provider(string id) => new()
    {
        Id = id, Name = "Corporate", Issuer = "https://login.corp.test/", ClientId = "flows", ClientSecret = Secret,
        Scopes = ["profile", "email"], Claims = new Dictionary<string, string> { ["username"] = "upn" }, Domains = ["Corp.Test"],
    };

    private static string UniqueId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private async Task<string> StoredSecretAsync(string id)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        var stored = await db.IdentityProviders.AsNoTracking().SingleAsync(p => p.EnvironmentId == TestEnvironment.Id && p.Id == id);
        return scope.ServiceProvider.GetRequiredService<IdentityProviderSecrets>().Unprotect(stored.ProtectedClientSecret!);
    }

    private async Task<T> InDatabaseAsync<T>(Func<ServerDbContext, Task<T>> query)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ServerDbContext>());
    }
}
