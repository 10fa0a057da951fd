using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Flows.AuthServer.Applications;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// private_key_jwt with keys the client publishes at its <c>jwksUri</c> (RFC 7523, RFC 7591 §2): read from the client's
/// own server when an assertion needs them, kept, read again for a rolled-over key at most once per interval; an
/// address that cannot be read leaves the client unauthenticated (invalid_client), never a server error.
/// </summary>
public sealed class ClientKeySetUriTests(ClientKeysServerFixture server) : IClassFixture<ClientKeysServerFixture>, IAsyncLifetime
{
    private readonly HttpClient _http = server.CreateRawClient();
    private readonly RSA _first = RSA.Create(2048);
    private readonly RSA _second = RSA.Create(2048);
    private JwksServer _keys = null!;

    private string Issuer => TestEnvironment.Issuer(server.BaseAddress);

    public async Task InitializeAsync() => _keys = await JwksServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _keys.DisposeAsync();
        _first.Dispose();
        _second.Dispose();
    }

    [Fact]
    public async Task An_assertion_signed_with_a_published_key_authenticates_the_client_and_the_keys_are_kept()
    {
        _keys.Publish(("k1", _first));
        var clientId = await RegisterAsync(_keys.KeysUri.AbsoluteUri);

        var first = await ClientCredentialsAsync(clientId, _first, "k1");
        var second = await ClientCredentialsAsync(clientId, _first, "k1");

        Assert.True(first.Status == HttpStatusCode.OK, first.Body.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(1, _keys.Reads);
    }

    [Fact]
    public async Task A_rolled_over_key_is_read_again_and_accepted()
    {
        _keys.Publish(("k1", _first));
        var clientId = await RegisterAsync(_keys.KeysUri.AbsoluteUri);
        await ClientCredentialsAsync(clientId, _first, "k1");

        _keys.Publish(("k2", _second));
        await Task.Delay(ClientKeysServerFixture.RefetchInterval + TimeSpan.FromMilliseconds(200));
        var (status, body) = await ClientCredentialsAsync(clientId, _second, "k2");

        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal(2, _keys.Reads);
    }

    [Fact]
    public async Task Unknown_key_ids_read_the_keys_again_at_most_once_per_interval()
    {
        _keys.Publish(("k1", _first));
        var clientId = await RegisterAsync(_keys.KeysUri.AbsoluteUri);
        await ClientCredentialsAsync(clientId, _first, "k1");

        var refused = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            refused.Add((await ClientCredentialsAsync(clientId, _second, $"made-up-{i}")).Status);
        }

        Assert.All(refused, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(1, _keys.Reads);
    }

    [Fact]
    public async Task An_assertion_signed_with_a_key_not_published_is_invalid_client()
    {
        _keys.Publish(("k1", _first));
        var clientId = await RegisterAsync(_keys.KeysUri.AbsoluteUri);

        var (status, body) = await ClientCredentialsAsync(clientId, _second, "k1");

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (status, body["error"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(404)]
    public async Task An_address_that_fails_is_invalid_client(int failure)
    {
        _keys.Publish(("k1", _first));
        _keys.FailWith = failure;
        var clientId = await RegisterAsync(_keys.KeysUri.AbsoluteUri);

        var (status, body) = await ClientCredentialsAsync(clientId, _first, "k1");

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (status, body["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_address_nothing_listens_at_is_invalid_client()
    {
        var clientId = await RegisterAsync("http://127.0.0.1:9/.well-known/jwks.json");

        var (status, body) = await ClientCredentialsAsync(clientId, _first, "k1");

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (status, body["error"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"keys": "none"}""")]
    public async Task An_answer_that_is_no_key_set_is_invalid_client(string body)
    {
        _keys.PublishRaw(body);
        var clientId = await RegisterAsync(_keys.KeysUri.AbsoluteUri);

        var (status, answer) = await ClientCredentialsAsync(clientId, _first, "k1");

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (status, answer["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_answer_larger_than_the_limit_is_invalid_client()
    {
        _keys.PublishRaw("""{"keys":[],"padding":""" + $"\"{new string('x', 10_000)}\"" + "}");
        var clientId = await RegisterAsync(_keys.KeysUri.AbsoluteUri);

        var (status, body) = await ClientCredentialsAsync(clientId, _first, "k1");

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (status, body["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_application_reads_back_its_jwks_uri_as_a_private_key_jwt_client()
    {
        var read = await CreateAsync(_keys.KeysUri.AbsoluteUri);

        Assert.Equal((_keys.KeysUri.AbsoluteUri, "private_key_jwt"), (read.JwksUri, read.TokenEndpointAuthMethod));
        Assert.Null(read.Jwks);
    }

    private async Task<string> RegisterAsync(string jwksUri) => (await CreateAsync(jwksUri)).ClientId;

    private async Task<ApplicationResource> CreateAsync(string jwksUri)
    {
        using var scope = server.Services.CreateScope();
        var created = await scope.ServiceProvider.GetRequiredService<ApplicationService>().CreateAsync(TestEnvironment.Id,
            new NewApplicationRequest("Remote keys", "confidential", ["client_credentials"], [], [], [], Flow: null,
                TokenEndpointAuthMethod: "private_key_jwt", JwksUri: jwksUri),
            new AuditActor(AuditActor.Unknown, "TEST", "/"), CancellationToken.None);
        Assert.True(created.Value is not null, string.Join("; ", created.Error?.Fields.Select(problem => problem.Message) ?? []));
        return created.Value!;
    }

    private Task<(HttpStatusCode Status, JsonObject Body)> ClientCredentialsAsync(string clientId, RSA key, string keyId) =>
        TokenRequests.PostAsync(_http, "/test/as/token", ClientAssertions.Form(
            ClientAssertions.Create(clientId, Issuer, key.ExportPkcs8PrivateKeyPem(), keyId), new() { ["grant_type"] = "client_credentials" }));
}
