using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Flows.AuthServer.Tests.Hosting;
using static Flows.AuthServer.Tests.Hosting.GrantsEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// private_key_jwt client authentication (RFC 7523 §2.2, OIDC Core §9): an assertion signed with a key the application
/// registered, for this environment's issuer or token endpoint, used once.
/// </summary>
public sealed class ClientAssertionTests(GrantsServerFixture server) : IClassFixture<GrantsServerFixture>
{
    private readonly HttpClient _http = server.CreateRawClient();

    private string Issuer => TestEnvironment.Issuer(server.BaseAddress, Id);

    [Fact]
    public async Task An_assertion_signed_with_the_registered_key_for_the_issuer_authenticates_the_client()
    {
        var (status, body) = await ClientCredentialsAsync(ClientAssertions.Create(SignerClientId, Issuer, SignerKeyPem, SignerKeyId));

        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.NotNull(body["access_token"]);
    }

    [Fact]
    public async Task An_assertion_for_the_token_endpoint_authenticates_the_client_too()
    {
        var (status, _) = await ClientCredentialsAsync(ClientAssertions.Create(SignerClientId, Issuer + "/token", SignerKeyPem, SignerKeyId));

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task An_assertion_is_accepted_once_only()
    {
        var assertion = ClientAssertions.Create(SignerClientId, Issuer, SignerKeyPem, SignerKeyId);
        var (first, _) = await ClientCredentialsAsync(assertion);

        var (second, body) = await ClientCredentialsAsync(assertion);

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (second, body["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Another_assertion_with_a_used_jti_is_refused()
    {
        var tokenId = Guid.NewGuid().ToString("N");
        await ClientCredentialsAsync(ClientAssertions.Create(SignerClientId, Issuer, SignerKeyPem, SignerKeyId, tokenId));

        var (status, body) = await ClientCredentialsAsync(ClientAssertions.Create(SignerClientId, Issuer, SignerKeyPem, SignerKeyId, tokenId));

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (status, body["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_assertion_without_a_jti_is_refused()
    {
        var (status, body) = await ClientCredentialsAsync(
            ClientAssertions.Create(SignerClientId, Issuer, SignerKeyPem, SignerKeyId, withTokenId: false));

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (status, body["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_assertion_valid_for_an_hour_is_refused()
    {
        var (status, body) = await ClientCredentialsAsync(
            ClientAssertions.Create(SignerClientId, Issuer, SignerKeyPem, SignerKeyId, lifetime: TimeSpan.FromHours(1)));

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (status, body["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_assertion_signed_with_another_key_is_refused()
    {
        using var other = RSA.Create(2048);

        var (status, body) = await ClientCredentialsAsync(ClientAssertions.Create(SignerClientId, Issuer, other.ExportPkcs8PrivateKeyPem(), SignerKeyId));

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (status, body["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_assertion_for_another_environment_is_refused()
    {
        var (status, body) = await ClientCredentialsAsync(
            ClientAssertions.Create(SignerClientId, TestEnvironment.Issuer(server.BaseAddress), SignerKeyPem, SignerKeyId));

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (status, body["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_private_key_jwt_client_has_no_secret_to_authenticate_with()
    {
        var (status, body) = await TokenRequests.PostAsync(_http, Path("token"),
            new() { ["grant_type"] = "client_credentials" }, SignerClientId, "any-secret");

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (status, body["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_client_pushes_its_authorization_request_with_an_assertion_for_the_pushed_authorization_endpoint()
    {
        var form = ClientAssertions.Form(ClientAssertions.Create(SignerClientId, Issuer + "/par", SignerKeyPem, SignerKeyId), new()
        {
            ["client_id"] = SignerClientId, ["response_type"] = "code", ["redirect_uri"] = SignerRedirect, ["scope"] = "openid",
            ["code_challenge"] = Pkce.New().Challenge, ["code_challenge_method"] = "S256",
        });

        var (status, body) = await TokenRequests.PostAsync(_http, Path("par"), form);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.NotNull(body["request_uri"]);
    }

    [Fact]
    public async Task Discovery_lists_private_key_jwt_with_its_asymmetric_signing_algorithms()
    {
        using var response = await _http.GetAsync(Path(".well-known/openid-configuration"));
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.Contains("private_key_jwt", Strings(document["token_endpoint_auth_methods_supported"]));
        var algorithms = Strings(document["token_endpoint_auth_signing_alg_values_supported"]);
        Assert.Contains("RS256", algorithms);
        Assert.Contains("ES256", algorithms);
        Assert.DoesNotContain(algorithms, algorithm => algorithm.StartsWith("HS", StringComparison.Ordinal) || algorithm == "none");
    }

    private Task<(HttpStatusCode Status, JsonObject Body)> ClientCredentialsAsync(string assertion) =>
        TokenRequests.PostAsync(_http, Path("token"), ClientAssertions.Form(assertion, new() { ["grant_type"] = "client_credentials" }));

    private static List<string> Strings(JsonNode? node) => node!.AsArray().Select(value => value!.GetValue<string>()).ToList();
}
