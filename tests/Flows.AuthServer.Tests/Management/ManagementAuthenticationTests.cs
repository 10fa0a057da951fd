using System.Net;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Management;
using Flows.AuthServer.Protocol;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Tests.Management;

/// <summary>/v1 takes only unexpired access tokens of the admin environment, and their scopes decide reads and writes.</summary>
[Collection(ManagementCollection.Name)]
public sealed class ManagementAuthenticationTests(ManagementServerFixture server)
{
    private const string Environments = "/v1/environments";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task The_admin_client_gets_an_at_jwt_of_the_admin_issuer_with_both_management_scopes_without_asking_for_them()
    {
        var token = new JsonWebToken(await Api.TokenAsync());

        Assert.Equal(("at+jwt", "RS256"), (token.Typ, token.Alg));
        Assert.Equal(Issuer(server.BaseAddress, AdminEnvironment.Id), token.Issuer);
        Assert.Equal([ManagementScopes.Read, ManagementScopes.Write], token.GetClaim("scope").Value.Split(' ').Order());
    }

    [Fact]
    public async Task Client_credentials_tokens_of_other_environments_get_no_default_scopes()
    {
        var (_, tokens) = await TokenRequests.PostAsync(_http, $"/{Id}/as/token",
            new() { ["grant_type"] = "client_credentials" }, ServiceClientId, ServiceSecret);

        Assert.False(new JsonWebToken(tokens["access_token"]!.GetValue<string>()).TryGetClaim("scope", out _));
    }

    [Fact]
    public async Task A_request_without_a_token_is_401_with_a_bearer_challenge_and_a_problem()
    {
        var response = await Api.GetAsync(Environments, token: null);

        Assert.Equal((HttpStatusCode.Unauthorized, "Bearer"), (response.Status, response.Challenge));
        Assert.Equal(("application/problem+json", ManagementProblems.Unauthorized), (response.ContentType, response.Code));
    }

    [Fact]
    public async Task A_write_without_a_token_is_401_too()
    {
        var response = await Api.PostAsync(Environments, token: null, new { id = "never", name = "Never" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }

    [Fact]
    public async Task An_access_token_of_another_environment_is_401_invalid_token()
    {
        var (_, tokens) = await TokenRequests.PostAsync(_http, $"/{Id}/as/token",
            new() { ["grant_type"] = "client_credentials" }, ServiceClientId, ServiceSecret);

        var response = await Api.GetAsync(Environments, tokens["access_token"]!.GetValue<string>());

        Assert.Equal((HttpStatusCode.Unauthorized, "Bearer error=\"invalid_token\""), (response.Status, response.Challenge));
    }

    [Fact]
    public async Task A_token_that_is_not_a_jwt_is_401()
    {
        var response = await Api.GetAsync(Environments, "not-a-token");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }

    [Fact]
    public async Task An_expired_admin_token_is_401()
    {
        var expired = AdminSigned(DateTime.UtcNow.AddMinutes(-10), JsonWebTokenTypes.AccessToken, server.BaseAddress);

        var response = await Api.GetAsync(Environments, expired);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }

    [Fact]
    public async Task An_admin_signed_token_that_is_not_an_access_token_is_401()
    {
        // An ID token of the admin environment has the same issuer and key, but is typed JWT.
        var idToken = AdminSigned(DateTime.UtcNow.AddMinutes(5), "JWT", server.BaseAddress);

        var response = await Api.GetAsync(Environments, idToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }

    [Fact]
    public async Task An_admin_signed_access_token_of_another_issuer_is_401()
    {
        var foreign = AdminSigned(DateTime.UtcNow.AddMinutes(5), JsonWebTokenTypes.AccessToken, new Uri("https://elsewhere.test"));

        var response = await Api.GetAsync(Environments, foreign);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }

    [Fact]
    public async Task A_valid_admin_token_without_management_scopes_is_403()
    {
        // The grant of the admin client, as its own tokens name it: only the scopes differ.
        var granted = new JsonWebToken(await Api.TokenAsync());
        var unscoped = AdminSigned(DateTime.UtcNow.AddMinutes(5), JsonWebTokenTypes.AccessToken, server.BaseAddress, scope: "profile",
            grant: granted.Claims.Where(c => c.Type is "sub" or "client_id" or "secret_rotated_at").ToDictionary(c => c.Type, c => (object)c.Value));

        var response = await Api.GetAsync(Environments, unscoped);

        Assert.Equal((HttpStatusCode.Forbidden, ManagementProblems.InsufficientScope), (response.Status, response.Code));
    }

    [Fact]
    public async Task A_read_only_token_reads_but_its_writes_are_403_naming_the_write_scope()
    {
        var token = await Api.TokenAsync(ManagementScopes.Read);

        var read = await Api.GetAsync(Environments, token);
        var write = await Api.PostAsync(Environments, token, new { id = "read-only-write", name = "Never" });
        var notCreated = await Api.GetAsync($"{Environments}/read-only-write", token);

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal((HttpStatusCode.Forbidden, ManagementProblems.InsufficientScope), (write.Status, write.Code));
        Assert.Equal($"Bearer error=\"insufficient_scope\", scope=\"{ManagementScopes.Write}\"", write.Challenge);
        Assert.Equal(HttpStatusCode.NotFound, notCreated.Status);
    }

    [Fact]
    public async Task A_write_only_token_may_read_too()
    {
        var token = await Api.TokenAsync(ManagementScopes.Write);

        var read = await Api.GetAsync(Environments, token);

        Assert.Equal(HttpStatusCode.OK, read.Status);
    }

    /// <summary>A token signed with the admin environment's real key, with the given expiry, type and issuer host.</summary>
    private string AdminSigned(
        DateTime expires, string type, Uri issuerBase, string scope = $"{ManagementScopes.Read} {ManagementScopes.Write}",
        Dictionary<string, object>? grant = null)
    {
        var claims = grant ?? new Dictionary<string, object> { ["sub"] = "crafted" };
        claims["scope"] = scope;
        var key = server.Services.GetRequiredService<EnvironmentKeyStore>().Current(AdminEnvironment.Id).Active;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer(issuerBase, AdminEnvironment.Id),
            IssuedAt = expires.AddMinutes(-30),
            NotBefore = expires.AddMinutes(-30),
            Expires = expires,
            TokenType = type,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }
}
