using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Tests.Hosting;

namespace Flows.AuthServer.Tests.Protocol;

[Collection(ServerCollection.Name)]
public sealed class DiscoveryTests(ServerFixture server)
{
    private readonly HttpClient _http = server.CreateRawClient();

    [Fact]
    public async Task Discovery_names_the_environment_issuer_and_every_endpoint_under_it()
    {
        var document = await GetJsonAsync("/test/as/.well-known/openid-configuration");

        var issuer = TestEnvironment.Issuer(server.BaseAddress);
        Assert.Equal(issuer, document["issuer"]!.GetValue<string>());
        foreach (var (key, path) in new[]
        {
            ("authorization_endpoint", "/authorize"), ("token_endpoint", "/token"), ("userinfo_endpoint", "/userinfo"),
            ("jwks_uri", "/jwks"), ("end_session_endpoint", "/signoff"), ("introspection_endpoint", "/introspect"),
            ("revocation_endpoint", "/revoke"),
        })
        {
            Assert.Equal(issuer + path, document[key]!.GetValue<string>());
        }

        Assert.Contains("S256", document["code_challenge_methods_supported"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Contains("RS256", document["id_token_signing_alg_values_supported"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public async Task Each_environment_publishes_its_own_rs256_keys_with_a_kid()
    {
        var test = (await GetJsonAsync("/test/as/jwks"))["keys"]!.AsArray();
        var other = (await GetJsonAsync("/other/as/jwks"))["keys"]!.AsArray();

        // The active key and the next one, published before it signs.
        Assert.Equal(2, test.Count);
        Assert.All(test, key =>
        {
            Assert.Equal(("RSA", "sig", "RS256"), (key!["kty"]!.GetValue<string>(), key["use"]!.GetValue<string>(), key["alg"]!.GetValue<string>()));
            Assert.False(string.IsNullOrEmpty(key["kid"]!.GetValue<string>()));
            Assert.Null(key["d"]);
        });
        Assert.Empty(test.Select(key => key!["n"]!.GetValue<string>()).Intersect(other.Select(key => key!["n"]!.GetValue<string>())));
    }

    [Fact]
    public async Task An_unknown_environment_has_no_issuer()
    {
        using var response = await _http.GetAsync("/nowhere/as/.well-known/openid-configuration");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<JsonObject> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}
