using System.Net;
using Flows.AuthServer.Management;
using Flows.AuthServer.Tests.Hosting;
using Flows.Engine.Definitions;
using Flows.Engine.Validation;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// Validating and publishing a flow whose Check user node tests an attribute over <c>/v1</c>: in an environment with a
/// user schema, an attribute the schema does not define is refused with 400 and the problem on the node; without a
/// schema, attributes stay free-form and the same flow publishes.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class UserAttributeValidationApiTests(ManagementServerFixture server)
{
    private readonly ManagementApi _api = new(server.CreateRawClient());

    [Fact]
    public async Task Publishing_a_check_of_an_attribute_the_schema_does_not_define_is_400_naming_the_node_and_the_attribute()
    {
        var flows = await SubFlowApi.NewEnvironmentAsync(_api, "attr-unknown");
        await SetSchemaAsync(flows, "department", "age");
        await CreateAsync(flows, Checking("main", "country=CH"));

        var validated = await FlowTestDefinitions.SendAsync(_api, HttpMethod.Post, $"{flows.Flows}/main/validate", flows.Token, Checking("main", "country=CH"));
        var refused = await flows.PublishAsync("main");

        Assert.False(validated.Body["valid"]!.GetValue<bool>());
        Assert.Equal((HttpStatusCode.BadRequest, ManagementProblems.InvalidData), (refused.Status, refused.Code));
        Assert.Equal(["nodes.check"], refused.ErrorFields);
        var problem = Assert.Single(refused.Body["problems"]!.AsArray(), p => p!["code"]!.GetValue<string>() == FlowValidationCodes.UnknownUserAttribute);
        Assert.Equal("check", problem!["nodeId"]!.GetValue<string>());
        Assert.Contains("'country'", problem["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_check_of_an_attribute_the_schema_defines_publishes_whatever_the_case_of_its_name()
    {
        var flows = await SubFlowApi.NewEnvironmentAsync(_api, "attr-known");
        await SetSchemaAsync(flows, "department", "age");
        await CreateAsync(flows, Checking("main", "Age=42"));

        var published = await flows.PublishAsync("main");

        Assert.Equal(HttpStatusCode.Created, published.Status);
    }

    [Fact]
    public async Task The_same_flow_publishes_in_an_environment_without_a_schema()
    {
        var flows = await SubFlowApi.NewEnvironmentAsync(_api, "attr-free");
        await CreateAsync(flows, Checking("main", "country=CH"));

        var published = await flows.PublishAsync("main");

        Assert.Equal(HttpStatusCode.Created, published.Status);
    }

    private async Task SetSchemaAsync(SubFlowApi flows, params string[] names)
    {
        var put = await _api.PutAsync($"/v1/environments/{flows.Environment}/userSchema", flows.Token,
            new { attributes = names.Select(name => new { name, type = name == "age" ? "number" : "string" }).ToArray() });
        Assert.Equal(HttpStatusCode.OK, put.Status);
    }

    private async Task CreateAsync(SubFlowApi flows, FlowDefinition flow) =>
        Assert.Equal(HttpStatusCode.Created, (await FlowTestDefinitions.SendAsync(_api, HttpMethod.Post, flows.Flows, flows.Token, flow)).Status);

    /// <summary>start: a Check user node <c>check</c> of <paramref name="value"/> (hasAttribute) → sign in (yes) or deny (no).</summary>
    private static FlowDefinition Checking(string id, string value) => new()
    {
        Id = id, Name = id, Start = "check",
        Nodes =
        [
            SubFlowApi.Node("check", "CheckUser", ("condition", "hasAttribute"), ("value", value)),
            SubFlowApi.Node("signIn", "SignIn"),
            SubFlowApi.Node("deny", "Deny", ("message", "Not for you.")),
        ],
        Edges = [new("check", "yes", "signIn"), new("check", "no", "deny")],
    };
}
