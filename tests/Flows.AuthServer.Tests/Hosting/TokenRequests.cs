using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>Calls to an environment's token, userinfo, introspection and revocation endpoints.</summary>
public static class TokenRequests
{
    public static Task<(HttpStatusCode Status, JsonObject Body)> RedeemCodeAsync(
        HttpClient http, string code, string redirectUri, string? verifier, string clientId, string? secret, string environment = TestEnvironment.Id)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
        };
        if (verifier is not null)
        {
            form["code_verifier"] = verifier;
        }

        return PostAsync(http, $"/{environment}/as/token", form, clientId, secret);
    }

    public static Task<(HttpStatusCode Status, JsonObject Body)> RefreshAsync(
        HttpClient http, string refreshToken, string clientId, string? secret, string environment = TestEnvironment.Id) =>
        PostAsync(http, $"/{environment}/as/token",
            new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }, clientId, secret);

    /// <summary>POSTs a form; a secret is sent with HTTP Basic (client_secret_basic), a public client sends its id in the form.</summary>
    public static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(
        HttpClient http, string path, Dictionary<string, string> form, string? clientId = null, string? secret = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        if (clientId is not null && secret is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}")));
        }
        else if (clientId is not null)
        {
            form["client_id"] = clientId;
            request.Content = new FormUrlEncodedContent(form);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, string.IsNullOrEmpty(text) ? new JsonObject() : JsonNode.Parse(text)!.AsObject());
    }

    public static async Task<(HttpStatusCode Status, JsonObject Body)> UserInfoAsync(
        HttpClient http, string accessToken, string environment = TestEnvironment.Id, bool post = false)
    {
        using var request = new HttpRequestMessage(post ? HttpMethod.Post : HttpMethod.Get, $"/{environment}/as/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (post)
        {
            request.Content = new FormUrlEncodedContent([]);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, string.IsNullOrEmpty(text) ? new JsonObject() : JsonNode.Parse(text)!.AsObject());
    }
}
