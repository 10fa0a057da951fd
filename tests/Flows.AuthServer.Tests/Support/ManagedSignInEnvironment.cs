using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;

namespace Flows.AuthServer.Tests.Support;

/// <summary>
/// An environment of its own made through <c>/v1</c> for a sign-in test: applications on the shipped flows and the user
/// erin (password <see cref="Password"/>, with an authenticator app), signing in on the flow API as a custom UI would.
/// </summary>
public sealed class ManagedSignInEnvironment(ManagementApi api, string id, string token, string totpSecret, string userId)
{
    public const string Redirect = "https://managed.test/callback";
    public const string Username = "erin";
    public const string Password = "erin-password-1";

    public string Id => id;

    public string Token => token;

    public string TotpSecret => totpSecret;

    public string UserId => userId;

    public static async Task<ManagedSignInEnvironment> CreateAsync(ManagementApi api, string prefix)
    {
        var id = $"{prefix}-{Guid.NewGuid():N}"[..24];
        var token = await api.TokenAsync();
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/v1/environments", token, new { id, name = prefix })).Status);
        var user = await api.PostAsync($"/v1/environments/{id}/users", token,
            new { username = Username, email = "erin@managed.test", name = "Erin", password = Password });
        Assert.Equal(HttpStatusCode.Created, user.Status);
        var secret = (await api.PostAsync($"{user.Location}/mfaDevices/totp", token, new { })).Text("secret");
        return new ManagedSignInEnvironment(api, id, token, secret, user.Text("id"));
    }

    /// <summary>A confidential code-flow client with refresh tokens; <paramref name="settings"/> adds or overrides fields.</summary>
    public async Task<(string ClientId, string Secret)> CreateApplicationAsync(object? settings = null)
    {
        var body = new JsonObject
        {
            ["name"] = "managed",
            ["type"] = "confidential",
            ["grantTypes"] = new JsonArray("authorization_code", "refresh_token"),
            ["redirectUris"] = new JsonArray(Redirect),
            ["scopes"] = new JsonArray("openid", "profile", "email", "offline_access"),
            ["flow"] = "username-password",
        };
        foreach (var (key, value) in System.Text.Json.JsonSerializer.SerializeToNode(settings ?? new { })!.AsObject())
        {
            body[key] = value?.DeepClone();
        }

        var created = await api.PostAsync($"/v1/environments/{id}/applications", token, body);
        Assert.True(created.Status == HttpStatusCode.Created, created.Body.ToJsonString());
        return (created.Text("clientId"), created.Text("clientSecret"));
    }

    public string Authorize(string clientId, string scope = "openid profile", IDictionary<string, string?>? extra = null) =>
        SignIn.AuthorizeUrl(clientId, Redirect, pkce: null, scope: scope, environment: id, extra: extra);

    /// <summary>The flow resource an authorize redirected to the sign-on page for.</summary>
    public string FlowUrlOf(HttpResponseMessage authorize)
    {
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var location = authorize.Headers.Location!.ToString();
        Assert.StartsWith($"/{id}/signon?flowId=", location);
        return $"/{id}/flows/{location[(location.IndexOf('=') + 1)..]}";
    }

    /// <summary>Redeems the code of a redirect to the client; returns the token answer.</summary>
    public async Task<JsonObject> RedeemAsync(HttpClient http, Uri redirect, string clientId, string secret)
    {
        var code = SignIn.Parameters(redirect)["code"];
        var (status, tokens) = await TokenRequests.RedeemCodeAsync(http, code, Redirect, verifier: null, clientId, secret, id);
        Assert.True(status == HttpStatusCode.OK, tokens.ToJsonString());
        return tokens;
    }
}
