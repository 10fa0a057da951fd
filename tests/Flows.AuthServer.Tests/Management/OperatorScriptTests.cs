using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// What an operator's script does, with the documented request shapes written out as JSON: an admin token,
/// then an environment, an application and a user through the API; then that user signs in through the flow
/// API, the application redeems the code, and the completed sign-in shows in the flow instance list.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class OperatorScriptTests(ManagementServerFixture server)
{
    private const string Redirect = "https://shop.test/callback";

    private readonly HttpClient _http = server.CreateRawClient();

    [Fact]
    public async Task An_operator_sets_up_an_environment_and_its_user_signs_in_and_gets_tokens()
    {
        // POST /admin/as/token, grant_type=client_credentials, the admin client's credentials by basic auth.
        var token = (await SendAsync(HttpMethod.Post, "/admin/as/token", null, new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
            basic: (AdminOptions.DefaultClientId, ManagementServerFixture.AdminClientSecret)))["access_token"]!.GetValue<string>();

        await SendAsync(HttpMethod.Post, "/v1/environments", token, Json("""{ "id": "shop", "name": "Shop" }"""), HttpStatusCode.Created);

        var application = await SendAsync(HttpMethod.Post, "/v1/environments/shop/applications", token, Json($$"""
            { "name": "Shop web", "type": "confidential", "grantTypes": ["authorization_code"],
              "redirectUris": ["{{Redirect}}"], "postLogoutRedirectUris": [], "scopes": ["openid", "profile", "email"],
              "flow": "username-password" }
            """), HttpStatusCode.Created);
        var (clientId, clientSecret) = (application["clientId"]!.GetValue<string>(), application["clientSecret"]!.GetValue<string>());

        var user = await SendAsync(HttpMethod.Post, "/v1/environments/shop/users", token,
            Json("""{ "username": "erin", "email": "erin@shop.test", "name": "Erin Shopper", "password": "erin-first-password" }"""), HttpStatusCode.Created);
        var userId = user["id"]!.GetValue<string>();
        await SendAsync(HttpMethod.Put, $"/v1/environments/shop/users/{userId}/password", token,
            Json("""{ "newPassword": "erin-password-2" }"""), HttpStatusCode.NoContent);

        using var browser = new Browser(server.BaseAddress);
        var authorize = SignIn.AuthorizeUrl(clientId, Redirect, pkce: null, scope: "openid profile email", environment: "shop");
        var code = SignIn.Parameters(await SignIn.RunAsync(browser, authorize, "erin", "erin-password-2", environment: "shop"))["code"];
        var (status, tokens) = await TokenRequests.RedeemCodeAsync(_http, code, Redirect, verifier: null, clientId, clientSecret, environment: "shop");

        Assert.Equal(HttpStatusCode.OK, status);
        var idToken = new JsonWebToken(tokens["id_token"]!.GetValue<string>());
        Assert.Equal((userId, TestEnvironment.Issuer(server.BaseAddress, "shop")), (idToken.Subject, idToken.Issuer));

        var instances = await SendAsync(HttpMethod.Get, "/v1/environments/shop/flowInstances?status=COMPLETED", token, null);
        var completed = Assert.Single(instances["items"]!.AsArray())!;
        Assert.Equal("COMPLETED", completed["status"]!.GetValue<string>());
        Assert.Equal(FlowStatuses.Completed, completed["flowStatus"]!.GetValue<string>());
        Assert.Equal(("username-password", 1), (completed["definitionId"]!.GetValue<string>(), completed["definitionVersion"]!.GetValue<int>()));
        Assert.Equal((clientId, userId), (completed["applicationId"]!.GetValue<string>(), completed["userId"]!.GetValue<string>()));
        Assert.True(completed["updatedAt"]!.GetValue<DateTimeOffset>() >= completed["createdAt"]!.GetValue<DateTimeOffset>());
        Assert.Null(instances["next"]);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>One call of the script: asserts its status and returns its JSON body (empty for 204).</summary>
    private async Task<JsonObject> SendAsync(
        HttpMethod method, string path, string? token, HttpContent? content, HttpStatusCode expected = HttpStatusCode.OK,
        (string Id, string Secret)? basic = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if (basic is { } client)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{client.Id}:{client.Secret}")));
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        return string.IsNullOrEmpty(text) ? new JsonObject() : JsonNode.Parse(text)!.AsObject();
    }
}
