using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Tests.Hosting;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// Requests to two environments at the same time: each is served with its own environment's keys and applications,
/// the environment being the request's own (its DI scope's), never another request's.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ConcurrentEnvironmentRequestsTests(ServerFixture server)
{
    private const int RequestsPerEnvironment = 20;

    private readonly HttpClient _http = server.CreateRawClient();

    [Fact]
    public async Task Concurrent_requests_to_two_environments_each_get_their_own_signing_key()
    {
        var expected = new Dictionary<string, string>
        {
            [TestEnvironment.Id] = await KeyModulusAsync(TestEnvironment.Id),
            [TestEnvironment.Other] = await KeyModulusAsync(TestEnvironment.Other),
        };

        var answers = await Task.WhenAll(Interleaved().Select(async environment => (environment, await KeyModulusAsync(environment))));

        Assert.NotEqual(expected[TestEnvironment.Id], expected[TestEnvironment.Other]);
        Assert.All(answers, answer => Assert.Equal(expected[answer.environment], answer.Item2));
    }

    [Fact]
    public async Task Concurrent_token_requests_of_the_same_client_id_in_two_environments_each_authenticate_their_own_client()
    {
        // "web" exists in both environments with different secrets: a request that found the other environment's
        // client would fail client authentication (invalid_client) rather than reach the code check (invalid_grant).
        var answers = await Task.WhenAll(Interleaved().Select(environment => TokenErrorAsync(
            environment, environment == TestEnvironment.Id ? TestEnvironment.WebSecret : TestEnvironment.OtherWebSecret)));

        Assert.All(answers, error => Assert.Equal("invalid_grant", error));
    }

    private static IEnumerable<string> Interleaved() =>
        Enumerable.Range(0, RequestsPerEnvironment).SelectMany(_ => new[] { TestEnvironment.Id, TestEnvironment.Other });

    private async Task<string> KeyModulusAsync(string environment)
    {
        using var response = await _http.GetAsync($"/{environment}/as/jwks");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var keys = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["keys"]!.AsArray();
        // Every published key (the active one and the next one), in the order published.
        return string.Join(',', keys.Select(key => key!["n"]!.GetValue<string>()));
    }

    private async Task<string?> TokenErrorAsync(string environment, string secret)
    {
        using var response = await _http.PostAsync($"/{environment}/as/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = "not-a-code",
            ["redirect_uri"] = TestEnvironment.WebRedirect,
            ["client_id"] = TestEnvironment.WebClientId,
            ["client_secret"] = secret,
        }));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]?.GetValue<string>();
    }
}
