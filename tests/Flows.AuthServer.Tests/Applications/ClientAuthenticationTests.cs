using System.Security.Cryptography;
using System.Text.Json;
using Flows.AuthServer.Applications;
using Flows.AuthServer.Environments;
using Microsoft.IdentityModel.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Tests.Applications;

/// <summary>What an application may register for private_key_jwt: public RSA or EC signing keys, no secret.</summary>
public sealed class ClientAuthenticationTests
{
    private static readonly EnvironmentFileApplication Signer = new()
    {
        ClientId = "signer", Type = ClientTypes.Confidential, GrantTypes = [GrantTypes.ClientCredentials],
        TokenEndpointAuthMethod = ClientAuthenticationMethods.PrivateKeyJwt,
    };

    [Fact]
    public void A_public_rsa_key_is_accepted()
    {
        Assert.Empty(ClientAuthentication.Validate(Signer with { Jwks = Jwks(includePrivateParts: false) }));
    }

    [Fact]
    public void A_key_with_its_private_part_is_refused()
    {
        var problems = ClientAuthentication.Validate(Signer with { Jwks = Jwks(includePrivateParts: true) }).ToList();

        Assert.Contains(problems, problem => problem.Field == ClientAuthentication.JwksField && problem.Message.Contains("private"));
    }

    [Fact]
    public void A_private_key_jwt_client_without_keys_or_with_a_secret_is_refused()
    {
        Assert.Contains(ClientAuthentication.Validate(Signer), problem => problem.Field == ClientAuthentication.JwksField);
        Assert.Contains(ClientAuthentication.Validate(Signer with { Jwks = Jwks(false), ClientSecret = "s" }), problem => problem.Field == "clientSecret");
    }

    [Fact]
    public void Keys_belong_to_private_key_jwt_clients_only_and_public_clients_use_none()
    {
        Assert.Contains(ClientAuthentication.Validate(Signer with { TokenEndpointAuthMethod = null, Jwks = Jwks(false) }),
            problem => problem.Field == ClientAuthentication.JwksField);
        Assert.Contains(ClientAuthentication.Validate(Signer with { Type = ClientTypes.Public }), problem => problem.Field == ClientAuthentication.Field);
        Assert.Contains(ClientAuthentication.Validate(Signer with { TokenEndpointAuthMethod = "client_secret_jwt" }),
            problem => problem.Field == ClientAuthentication.Field);
    }

    [Theory]
    [InlineData("https://signer.example/.well-known/jwks.json")]
    [InlineData("http://127.0.0.1:8080/jwks")]
    public void A_jwks_uri_over_https_or_to_this_machine_is_accepted(string uri)
    {
        Assert.Empty(ClientAuthentication.Validate(Signer with { JwksUri = uri }));
    }

    [Theory]
    [InlineData("http://signer.example/jwks")]
    [InlineData("/jwks")]
    [InlineData("https://user:pass@signer.example/jwks")]
    [InlineData("https://signer.example/jwks#keys")]
    public void A_jwks_uri_that_is_not_an_https_url_is_refused(string uri)
    {
        Assert.Contains(ClientAuthentication.Validate(Signer with { JwksUri = uri }), problem => problem.Field == ClientAuthentication.JwksUriField);
    }

    [Fact]
    public void Keys_are_given_in_one_place_and_only_for_private_key_jwt()
    {
        Assert.Contains(ClientAuthentication.Validate(Signer with { JwksUri = "https://signer.example/jwks", Jwks = Jwks(false) }),
            problem => problem.Field == ClientAuthentication.JwksUriField);
        Assert.Contains(ClientAuthentication.Validate(Signer with { TokenEndpointAuthMethod = null, JwksUri = "https://signer.example/jwks" }),
            problem => problem.Field == ClientAuthentication.JwksUriField);
    }

    private static JsonElement Jwks(bool includePrivateParts)
    {
        using var rsa = RSA.Create(2048);
        var parameters = rsa.ExportParameters(includePrivateParts);
        var key = new Dictionary<string, string>
        {
            ["kty"] = "RSA", ["use"] = "sig", ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
        if (includePrivateParts)
        {
            key["d"] = Base64UrlEncoder.Encode(parameters.D);
        }

        return JsonSerializer.SerializeToElement(new { keys = new[] { key } });
    }
}
