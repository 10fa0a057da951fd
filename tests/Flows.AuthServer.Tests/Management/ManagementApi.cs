using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Tests.Hosting;

namespace Flows.AuthServer.Tests.Management;

/// <summary>What a script does with the management API: gets an admin token, then sends JSON with it.</summary>
public sealed class ManagementApi(HttpClient http)
{
    /// <summary>A token of the admin client by client credentials; without a scope it gets every scope the client has.</summary>
    public async Task<string> TokenAsync(string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        var (status, body) = await TokenRequests.PostAsync(
            http, "/admin/as/token", form, AdminOptions.DefaultClientId, ManagementServerFixture.AdminClientSecret);
        Assert.Equal(HttpStatusCode.OK, status);
        return body["access_token"]!.GetValue<string>();
    }

    public Task<ManagementResponse> GetAsync(string path, string? token) => SendAsync(HttpMethod.Get, path, token);

    /// <summary>Sends the body as camelCase JSON, the API's casing.</summary>
    public Task<ManagementResponse> PostAsync(string path, string? token, object body) =>
        SendAsync(HttpMethod.Post, path, token, JsonSerializer.Serialize(body, JsonSerializerOptions.Web));

    public Task<ManagementResponse> PutAsync(string path, string? token, object body, string? ifMatch = null) =>
        SendAsync(HttpMethod.Put, path, token, JsonSerializer.Serialize(body, JsonSerializerOptions.Web), ifMatch: ifMatch);

    public Task<ManagementResponse> PatchAsync(string path, string? token, object body, string? ifMatch = null) =>
        SendAsync(HttpMethod.Patch, path, token, JsonSerializer.Serialize(body, JsonSerializerOptions.Web), ifMatch: ifMatch);

    public Task<ManagementResponse> DeleteAsync(string path, string? token, string? ifMatch = null) =>
        SendAsync(HttpMethod.Delete, path, token, ifMatch: ifMatch);

    /// <summary>Sends <paramref name="json"/> as it is, so tests can send what a careless script would.</summary>
    public async Task<ManagementResponse> SendAsync(
        HttpMethod method, string path, string? token, string? json = null, string contentType = "application/json", string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ManagementResponse(
            response.StatusCode,
            string.IsNullOrEmpty(text) ? new JsonObject() : JsonNode.Parse(text)!.AsObject(),
            response.Content.Headers.ContentType?.MediaType,
            response.Headers.Location,
            response.Headers.WwwAuthenticate.ToString(),
            response.Headers.ETag?.ToString());
    }
}

/// <summary>A management API answer: status, JSON body, content type, Location, WWW-Authenticate and ETag.</summary>
public sealed record ManagementResponse(HttpStatusCode Status, JsonObject Body, string? ContentType, Uri? Location, string Challenge, string? ETag = null)
{
    public string? Code => Body["code"]?.GetValue<string>();

    /// <summary>The fields of a validation problem's <c>errors</c>.</summary>
    public IReadOnlyList<string> ErrorFields => Body["errors"]?.AsObject().Select(e => e.Key).ToList() ?? [];

    public string Text(string property) => Body[property]!.GetValue<string>();
}
