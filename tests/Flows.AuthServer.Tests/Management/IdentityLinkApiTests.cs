using System.Net;
using Flows.AuthServer.Data;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Management;

/// <summary><c>/v1/environments/{env}/users/{id}/identityLinks</c>: a user's links to upstream identities, listed and unlinked.</summary>
[Collection(ManagementCollection.Name)]
public sealed class IdentityLinkApiTests(ManagementServerFixture server)
{
    private const string Providers = $"/v1/environments/{TestEnvironment.Id}/identityProviders";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task A_users_links_are_listed_and_one_is_unlinked_once()
    {
        var token = await Api.TokenAsync();
        var (userId, first, second) = await LinkedUserAsync(token, "links");
        var links = $"{ManagementUsers.UsersPath}/{userId}/identityLinks";

        var listed = await Api.GetAsync(links, token);
        var unlinked = await Api.DeleteAsync($"{links}/{first}", token);
        var again = await Api.DeleteAsync($"{links}/{first}", token);
        var after = await Api.GetAsync(links, token);

        Assert.Equal(HttpStatusCode.OK, listed.Status);
        Assert.Equal([(first, $"sub-at-{first}"), (second, $"sub-at-{second}")],
            listed.Body["items"]!.AsArray().Select(l => (l!["providerId"]!.GetValue<string>(), l["subject"]!.GetValue<string>())).Order());
        Assert.Equal(HttpStatusCode.NoContent, unlinked.Status);
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
        Assert.Equal([second], after.Body["items"]!.AsArray().Select(l => l!["providerId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Deleting_a_provider_removes_every_link_to_it()
    {
        var token = await Api.TokenAsync();
        var (userId, first, second) = await LinkedUserAsync(token, "gone");

        Assert.Equal(HttpStatusCode.NoContent, (await Api.DeleteAsync($"{Providers}/{first}", token)).Status);
        var after = await Api.GetAsync($"{ManagementUsers.UsersPath}/{userId}/identityLinks", token);

        Assert.Equal([second], after.Body["items"]!.AsArray().Select(l => l!["providerId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_unknown_user_or_environment_is_404_and_unlinking_needs_the_write_scope()
    {
        var token = await Api.TokenAsync();
        var (userId, first, _) = await LinkedUserAsync(token, "guarded");

        var unknownUser = await Api.GetAsync($"{ManagementUsers.UsersPath}/no-such-user/identityLinks", token);
        var unknownEnvironment = await Api.GetAsync($"/v1/environments/no-such-env/users/{userId}/identityLinks", token);
        var unlinkUnknownUser = await Api.DeleteAsync($"{ManagementUsers.UsersPath}/no-such-user/identityLinks/{first}", token);
        var readOnly = await Api.DeleteAsync($"{ManagementUsers.UsersPath}/{userId}/identityLinks/{first}", await Api.TokenAsync("flows.read"));
        var still = await Api.GetAsync($"{ManagementUsers.UsersPath}/{userId}/identityLinks", token);

        Assert.Equal(HttpStatusCode.NotFound, unknownUser.Status);
        Assert.Equal(HttpStatusCode.NotFound, unknownEnvironment.Status);
        Assert.Equal(HttpStatusCode.NotFound, unlinkUnknownUser.Status);
        Assert.Equal(HttpStatusCode.Forbidden, readOnly.Status);
        Assert.Equal(2, still.Body["items"]!.AsArray().Count);
    }

    /// <summary>A new user linked to two new providers (the links as a sign-in through them would make them).</summary>
    private async Task<(string UserId, string First, string Second)> LinkedUserAsync(string token, string prefix)
    {
        var username = ManagementUsers.UniqueName(prefix);
        var userId = (await ManagementUsers.CreateAsync(Api, token, username)).Text("id");
        var first = ManagementUsers.UniqueName("a" + prefix);
        var second = ManagementUsers.UniqueName("b" + prefix);
        foreach (var provider in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.Created, (await Api.PostAsync(Providers, token, IdentityProviderApiTests.Provider(provider))).Status);
        }

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        db.UserIdentityLinks.AddRange(new[] { first, second }.Select(provider => new UserIdentityLinkRecord
        {
            EnvironmentId = TestEnvironment.Id, ProviderId = provider, Subject = $"sub-at-{provider}", UserId = userId, CreatedAt = DateTimeOffset.UtcNow,
        }));
        await db.SaveChangesAsync();
        return (userId, first, second);
    }
}
