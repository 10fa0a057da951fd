using System.Net;
using Flows.AuthServer.Management;
using static Flows.AuthServer.Tests.Management.ManagementUsers;

namespace Flows.AuthServer.Tests.Management;

/// <summary>GET /v1/environments/{env}/users: ordered by username, paged by key, filtered by username and state.</summary>
[Collection(ManagementCollection.Name)]
public sealed class UserListApiTests(ManagementServerFixture server)
{
    private readonly ManagementApi _api = new(server.CreateRawClient());

    [Fact]
    public async Task Pages_follow_each_other_in_username_order_without_gaps_or_repeats()
    {
        var token = await _api.TokenAsync();
        var prefix = UniqueName("pg");
        foreach (var suffix in new[] { "c", "a", "e", "b", "d" })
        {
            await CreateAsync(_api, token, $"{prefix}-{suffix}");
        }

        var seen = new List<string>();
        var path = $"{UsersPath}?username={prefix}&pageSize=2";
        var pages = 0;
        while (true)
        {
            var page = await _api.GetAsync(path, token);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            seen.AddRange(page.Body["items"]!.AsArray().Select(u => u!["username"]!.GetValue<string>()));
            pages++;
            if (page.Body["next"]?.GetValue<string>() is not { } next)
            {
                break;
            }

            path = $"{UsersPath}?username={prefix}&pageSize=2&after={next}";
        }

        Assert.Equal(3, pages);
        Assert.Equal(["a", "b", "c", "d", "e"], seen.Select(name => name[(prefix.Length + 1)..]));
    }

    [Fact]
    public async Task The_username_filter_is_a_case_insensitive_prefix_or_with_exact_the_whole_name()
    {
        var token = await _api.TokenAsync();
        var prefix = UniqueName("fx");
        await CreateAsync(_api, token, prefix);
        await CreateAsync(_api, token, $"{prefix}-longer");

        var byPrefix = await _api.GetAsync($"{UsersPath}?username={prefix.ToUpperInvariant()}", token);
        var exact = await _api.GetAsync($"{UsersPath}?username={prefix}&exact=true", token);

        Assert.Equal([prefix, $"{prefix}-longer"], Usernames(byPrefix));
        Assert.Equal([prefix], Usernames(exact));
    }

    [Fact]
    public async Task Wildcard_characters_in_the_username_filter_match_only_themselves()
    {
        var token = await _api.TokenAsync();
        var prefix = UniqueName("wc");
        await CreateAsync(_api, token, $"{prefix}_1");
        await CreateAsync(_api, token, $"{prefix}x1");
        await CreateAsync(_api, token, $"{prefix}%2");

        var underscore = await _api.GetAsync($"{UsersPath}?username={prefix}_", token);
        var percent = await _api.GetAsync($"{UsersPath}?username={Uri.EscapeDataString(prefix + "%")}", token);

        Assert.Equal([$"{prefix}_1"], Usernames(underscore));
        Assert.Equal([$"{prefix}%2"], Usernames(percent));
    }

    [Fact]
    public async Task The_enabled_filter_lists_only_users_in_that_state()
    {
        var token = await _api.TokenAsync();
        var prefix = UniqueName("en");
        await CreateAsync(_api, token, $"{prefix}-on");
        await _api.PostAsync(UsersPath, token, new { username = $"{prefix}-off", enabled = false });

        var enabled = await _api.GetAsync($"{UsersPath}?username={prefix}&enabled=true", token);
        var disabled = await _api.GetAsync($"{UsersPath}?username={prefix}&enabled=false", token);

        Assert.Equal([$"{prefix}-on"], Usernames(enabled));
        Assert.Equal([$"{prefix}-off"], Usernames(disabled));
    }

    [Fact]
    public async Task The_list_shows_no_password_hash_or_authenticator_key()
    {
        var page = await _api.GetAsync($"{UsersPath}?username=alice&exact=true", await _api.TokenAsync());

        var alice = Assert.Single(page.Body["items"]!.AsArray())!.AsObject();
        var names = alice.Select(property => property.Key.ToLowerInvariant()).Where(name => name != "mustchangepassword").ToList();
        Assert.DoesNotContain(names, name => name.Contains("password") || name.Contains("totp") || name.Contains("secret"));
        Assert.DoesNotContain("JBSWY3DP", page.Body.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=501", "pageSize")]
    [InlineData("after=%%%", "after")]
    [InlineData("enabled=maybe", "enabled")]
    [InlineData("exact=1", "exact")]
    public async Task Invalid_parameters_are_400_naming_the_parameter(string query, string field)
    {
        var response = await _api.GetAsync($"{UsersPath}?{query}", await _api.TokenAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal([field], response.ErrorFields);
    }

    [Fact]
    public async Task Users_of_an_unknown_environment_are_404()
    {
        var response = await _api.GetAsync("/v1/environments/no-such-env/users", await _api.TokenAsync());

        Assert.Equal((HttpStatusCode.NotFound, ManagementProblems.NotFound), (response.Status, response.Code));
    }

    private static List<string> Usernames(ManagementResponse page) =>
        page.Body["items"]!.AsArray().Select(u => u!["username"]!.GetValue<string>()).ToList();
}
