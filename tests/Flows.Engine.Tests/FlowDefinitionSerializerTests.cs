using System.Text.Json.Nodes;
using Flows.Engine.Definitions;
using Flows.Testing;

namespace Flows.Engine.Tests;

public sealed class FlowDefinitionSerializerTests
{
    public static TheoryData<string> WorkflowFiles() =>
        new(Directory.GetFiles(RepositoryPaths.Workflows, "*.json").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(WorkflowFiles))]
    public void Every_shipped_workflow_saves_back_to_the_same_document(string file)
    {
        var path = Path.Combine(RepositoryPaths.Workflows, file);

        var saved = FlowDefinitionSerializer.Serialize(FlowDefinitionLoader.LoadFile(path));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(path)), JsonNode.Parse(saved)), saved);
    }

    [Fact]
    public void Fields_this_version_does_not_know_survive_a_round_trip()
    {
        const string json = """
            { "id": "f", "version": 2, "name": "F", "start": "a", "owner": {"team": "iam"},
              "nodes": [ { "id": "a", "type": "Finish", "name": "Done", "properties": { "acr": "gold", "n": [1, 2] },
                           "position": { "x": 10.5, "y": -3 }, "color": "#fff" } ],
              "edges": [ { "from": "a", "outcome": "x", "to": "a" } ] }
            """;

        var saved = FlowDefinitionSerializer.Serialize(FlowDefinitionSerializer.Deserialize(json));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(saved)), saved);
    }

    [Fact]
    public void A_malformed_document_is_reported_with_its_line()
    {
        var error = Assert.Throws<FlowDefinitionFormatException>(() =>
            FlowDefinitionSerializer.Deserialize("{\n  \"id\": \"f\",\n  \"nodes\": 7\n}"));

        Assert.Contains("line 3", error.Message);
        Assert.Contains("$.nodes", error.Message);
    }

    [Fact]
    public void A_document_without_required_fields_is_refused()
    {
        Assert.Throws<FlowDefinitionFormatException>(() => FlowDefinitionSerializer.Deserialize("""{ "name": "no id" }"""));
    }
}
