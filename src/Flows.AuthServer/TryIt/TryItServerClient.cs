using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.TryIt;

/// <summary>
/// The try-it client's back-channel calls to the environment's token, keys and userinfo endpoints, over HTTP
/// to this very server, exactly as an external client would make them.
/// </summary>
public sealed class TryItServerClient(IHttpClientFactory httpClients)
{
    /// <summary>The named HTTP client; tests may give it another primary handler (e.g. a test server's).</summary>
    public const string HttpClientName = "Flows.TryIt";

    public async Task<TryItTokens> RedeemCodeAsync(
        TryItServerAddress server, string environmentId, string code, string redirectUri, string codeVerifier, CancellationToken cancellationToken)
    {
        using var request = server.Request(HttpMethod.Post, TryItClient.TokenPath(environmentId));
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [Parameters.GrantType] = GrantTypes.AuthorizationCode,
            [Parameters.Code] = code,
            [Parameters.RedirectUri] = redirectUri,
            [Parameters.ClientId] = TryItClient.ClientId,
            [Parameters.CodeVerifier] = codeVerifier,
        });
        using var body = await SendAsync(request, "token", cancellationToken);
        var root = body.RootElement;
        if (root.TryGetProperty(Parameters.Error, out var error))
        {
            throw new TryItException($"The token endpoint refused the code: {error}{Describe(root)}");
        }

        return new TryItTokens(
            GetString(root, Parameters.IdToken) ?? throw new TryItException("The token endpoint returned no ID token."),
            GetString(root, Parameters.AccessToken) ?? throw new TryItException("The token endpoint returned no access token."),
            GetString(root, Parameters.RefreshToken),
            GetString(root, Parameters.Scope));
    }

    public async Task<JsonWebKeySet> GetSigningKeysAsync(TryItServerAddress server, string environmentId, CancellationToken cancellationToken)
    {
        using var request = server.Request(HttpMethod.Get, TryItClient.KeysPath(environmentId));
        using var body = await SendAsync(request, "keys (JWKS)", cancellationToken);
        return new JsonWebKeySet(body.RootElement.GetRawText());
    }

    public async Task<JsonElement> GetUserInfoAsync(TryItServerAddress server, string environmentId, string accessToken, CancellationToken cancellationToken)
    {
        using var request = server.Request(HttpMethod.Get, TryItClient.UserInfoPath(environmentId));
        request.Headers.Authorization = new AuthenticationHeaderValue(TokenTypes.Bearer, accessToken);
        using var body = await SendAsync(request, "userinfo", cancellationToken);
        return body.RootElement.Clone();
    }

    /// <summary>The JSON body of the answer; an OAuth error body is returned for the caller to report.</summary>
    private async Task<JsonDocument> SendAsync(HttpRequestMessage request, string endpoint, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var body = TryParse(text);
            if (response.IsSuccessStatusCode && body is not null)
            {
                return body;
            }

            if (body is not null && body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty(Parameters.Error, out _))
            {
                return body;
            }

            body?.Dispose();
            throw new TryItException($"The {endpoint} endpoint answered HTTP {(int)response.StatusCode} without a usable JSON body.");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new TryItException($"The {endpoint} endpoint could not be reached.");
        }
    }

    private static JsonDocument? TryParse(string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? GetString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Describe(JsonElement root) =>
        GetString(root, Parameters.ErrorDescription) is { } description ? $" — {description}" : "";
}
