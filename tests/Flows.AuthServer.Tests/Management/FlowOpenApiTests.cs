using System.Net;
using System.Text.Json.Nodes;

namespace Flows.AuthServer.Tests.Management;

/// <summary>The OpenAPI document describes every flow definition endpoint: its name, body and answers.</summary>
[Collection(ManagementCollection.Name)]
public sealed class FlowOpenApiTests(ManagementServerFixture server)
{
    private const string Flow = "/v1/environments/{env}/flows/{flowId}";

    private readonly HttpClient _http = server.CreateClient();

    [Theory]
    [InlineData("/v1/environments/{env}/flows", "get", "ListFlows")]
    [InlineData("/v1/environments/{env}/flows", "post", "CreateFlow")]
    [InlineData("/v1/environments/{env}/flows/import", "post", "ImportFlow")]
    [InlineData(Flow, "get", "GetFlow")]
    [InlineData(Flow, "delete", "DeleteFlow")]
    [InlineData(Flow + "/clone", "post", "CloneFlow")]
    [InlineData(Flow + "/draft", "get", "GetFlowDraft")]
    [InlineData(Flow + "/draft", "put", "SaveFlowDraft")]
    [InlineData(Flow + "/draft", "delete", "DeleteFlowDraft")]
    [InlineData(Flow + "/validate", "post", "ValidateFlow")]
    [InlineData(Flow + "/publish", "post", "PublishFlow")]
    [InlineData(Flow + "/versions", "get", "ListFlowVersions")]
    [InlineData(Flow + "/versions/{version}", "get", "ExportFlowVersion")]
    [InlineData(Flow + "/default", "put", "SetFlowDefaultVersion")]
    [InlineData("/v1/activities", "get", "ListActivities")]
    public async Task Every_flow_endpoint_is_described_with_its_name_summary_and_answers(string path, string method, string name)
    {
        var operation = (await DocumentAsync())["paths"]![path]?[method];

        Assert.NotNull(operation);
        Assert.Equal(name, operation["operationId"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()));
        Assert.Contains(operation["responses"]!.AsObject(), response => response.Key.StartsWith('2'));
        if (method is "put" || name is "CreateFlow" or "ImportFlow" or "CloneFlow")
        {
            Assert.NotNull(operation["requestBody"]!["content"]!["application/json"]!["schema"]);
        }
    }

    private async Task<JsonNode> DocumentAsync()
    {
        using var response = await _http.GetAsync("/v1/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
