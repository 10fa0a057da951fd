using System.Net;
using System.Text.Json.Nodes;

namespace Flows.AuthServer.Tests.Management;

/// <summary>The server describes its management API: an OpenAPI document and a page to browse it, both public.</summary>
[Collection(ManagementCollection.Name)]
public sealed class OpenApiDocumentTests(ManagementServerFixture server)
{
    private readonly HttpClient _http = server.CreateClient();

    [Fact]
    public async Task The_document_describes_the_v1_endpoints_and_their_bearer_tokens()
    {
        using var response = await _http.GetAsync("/v1/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.StartsWith("3.", document["openapi"]!.GetValue<string>());
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/v1/environments", paths);
        Assert.Contains("/v1/environments/{env}/applications", paths);
        Assert.Contains("/v1/environments/{env}/flowInstances", paths);
        Assert.All(paths, path => Assert.StartsWith("/v1/", path));
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!.AsObject().Single().Value!["scheme"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_reference_page_is_a_page_that_loads_the_document()
    {
        using var response = await _http.GetAsync("/v1/reference/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        // Scalar resolves the document's URL against the site's base path: /v1/openapi.json.
        Assert.Contains("\"url\":\"v1/openapi.json\"", await response.Content.ReadAsStringAsync());
        using var script = await _http.GetAsync("/v1/reference/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }
}
