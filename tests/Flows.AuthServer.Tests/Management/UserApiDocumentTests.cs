using System.Net;
using System.Text.Json.Nodes;

namespace Flows.AuthServer.Tests.Management;

/// <summary>The OpenAPI document describes every user endpoint: a name, a summary, its body and its answers.</summary>
[Collection(ManagementCollection.Name)]
public sealed class UserApiDocumentTests(ManagementServerFixture server)
{
    private const string User = "/v1/environments/{env}/users/{id}";

    private readonly HttpClient _http = server.CreateClient();

    [Theory]
    [InlineData("/v1/environments/{env}/users", "get", "ListUsers", "200 400 404")]
    [InlineData("/v1/environments/{env}/users", "post", "CreateUser", "201 400 404 409")]
    [InlineData(User, "get", "GetUser", "200 404")]
    [InlineData(User, "patch", "UpdateUser", "200 400 404 412")]
    [InlineData(User, "delete", "DeleteUser", "204 404 412")]
    [InlineData(User + "/password", "put", "SetUserPassword", "204 400 404")]
    [InlineData(User + "/unlock", "post", "UnlockUser", "204 404")]
    [InlineData(User + "/mfaDevices", "get", "ListUserMfaDevices", "200 404")]
    [InlineData(User + "/mfaDevices/totp", "get", "GetUserTotpDevice", "200 404")]
    [InlineData(User + "/mfaDevices/totp", "post", "EnrollUserTotpDevice", "201 404 409")]
    [InlineData(User + "/mfaDevices/totp", "delete", "DeleteUserTotpDevice", "204 404")]
    public async Task Each_user_operation_has_an_id_a_summary_and_its_answers(string path, string method, string operationId, string statuses)
    {
        using var response = await _http.GetAsync("/v1/openapi.json");
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var operation = document["paths"]![path]![method]!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(operationId, operation["operationId"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()));
        Assert.Equal(statuses.Split(' '), operation["responses"]!.AsObject().Select(r => r.Key).Order());
    }

    [Fact]
    public async Task The_patch_body_names_exactly_the_fields_a_patch_may_change()
    {
        var document = JsonNode.Parse(await _http.GetStringAsync("/v1/openapi.json"))!;

        var schema = Resolve(document, document["paths"]![User]!["patch"]!["requestBody"]!["content"]!["application/json"]!["schema"]!);

        Assert.Equal(
            ["attributes", "email", "enabled", "groups", "mustChangePassword", "name"],
            schema["properties"]!.AsObject().Select(p => p.Key).Order());
    }

    [Theory]
    [InlineData("/v1/environments/{env}/users", "post", "username")]
    [InlineData(User, "patch", "groups")]
    [InlineData(User + "/password", "put", "newPassword")]
    public async Task A_body_is_described_by_its_schema(string path, string method, string property)
    {
        var document = JsonNode.Parse(await _http.GetStringAsync("/v1/openapi.json"))!;

        var schema = document["paths"]![path]![method]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
        Assert.NotNull(Resolve(document, schema)["properties"]![property]);
    }

    private static JsonNode Resolve(JsonNode document, JsonNode schema) =>
        schema["$ref"]?.GetValue<string>() is { } reference ? document["components"]!["schemas"]![reference.Split('/')[^1]]! : schema;
}
