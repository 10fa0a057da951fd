using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.SigningKeys;

/// <summary>What the key rotation tests do over HTTP: sign bob in, read the JWKS and the key list, rotate, check a token.</summary>
public sealed class KeyRotationClient(HttpClient http, Uri browserAddress)
{
    public ManagementApi Api { get; } = new(http);

    /// <summary>Bob signs in to the SPA with offline_access; the tokens of the redeemed code.</summary>
    public async Task<JsonObject> SignInAsync()
    {
        using var browser = new Browser(browserAddress);
        var pkce = Pkce.New();
        var code = SignIn.Parameters(await SignIn.RunAsync(browser, SignIn.AuthorizeUrl(SpaClientId, SpaRedirect, pkce), Bob, BobPassword))["code"];
        var (status, tokens) = await TokenRequests.RedeemCodeAsync(http, code, SpaRedirect, pkce.Verifier, SpaClientId, secret: null);
        Assert.Equal(HttpStatusCode.OK, status);
        return tokens;
    }

    public async Task<JsonObject> RefreshAsync(string refreshToken)
    {
        var (status, tokens) = await TokenRequests.RefreshAsync(http, refreshToken, SpaClientId, secret: null);
        Assert.True(status == HttpStatusCode.OK, $"refresh refused: {tokens}");
        return tokens;
    }

    /// <summary>The access and refresh token of a token response.</summary>
    public static (string AccessToken, string RefreshToken) TokensOf(JsonObject tokens) =>
        (tokens["access_token"]!.GetValue<string>(), tokens["refresh_token"]!.GetValue<string>());

    public async Task<JsonWebKeySet> JwksAsync(string environment = Id) =>
        new(await http.GetStringAsync($"/{environment}/as/jwks"));

    /// <summary>The kids of the JWKS.</summary>
    public async Task<IReadOnlyList<string>> PublishedAsync(string environment = Id) =>
        (await JwksAsync(environment)).Keys.Select(key => key.Kid).ToList();

    /// <summary>The environment's keys as <c>/v1</c> lists them.</summary>
    public async Task<JsonArray> KeysAsync(string token, string environment = Id)
    {
        var listed = await Api.GetAsync($"/v1/environments/{environment}/signingKeys", token);
        Assert.Equal(HttpStatusCode.OK, listed.Status);
        return listed.Body["items"]!.AsArray();
    }

    public async Task<ManagementResponse> RotateAsync(string token, string environment = Id) =>
        await Api.SendAsync(HttpMethod.Post, $"/v1/environments/{environment}/signingKeys/rotate", token);

    /// <summary>The kid of the key listed with <paramref name="status"/>.</summary>
    public static string KidOf(JsonArray keys, string status) =>
        keys.Single(key => key!["status"]!.GetValue<string>() == status)!["kid"]!.GetValue<string>();

    /// <summary>The kid in a JWT's header.</summary>
    public static string KidOf(string jwt) => new JsonWebToken(jwt).Kid;

    /// <summary>Whether <paramref name="jwt"/> validates against <paramref name="jwks"/> as a relying party checks it.</summary>
    public static async Task<bool> ValidatesAsync(string jwt, JsonWebKeySet jwks, string issuer)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidateAudience = false,
            // Only the key is in question here.
            TryAllIssuerSigningKeys = false,
        });
        return result.IsValid;
    }
}
