using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.AuthServer.Administration;

namespace Flows.AuthServer.Tests.Management;

/// <summary><c>GET /v1/activities</c>: the catalog the designer builds its palette and property panels from.</summary>
[Collection(ManagementCollection.Name)]
public sealed class FlowActivityApiTests(ManagementServerFixture server)
{
    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task The_catalog_describes_every_activity_the_shipped_flows_use()
    {
        var response = await Api.GetAsync("/v1/activities", await Api.TokenAsync());

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var types = FlowTestDefinitions.Items(response).Select(a => a["type"]!.GetValue<string>()).ToList();
        Assert.Superset(
            FlowTestDefinitions.Shipped("password-then-otp").Nodes.Select(n => n.Type).ToHashSet(),
            types.ToHashSet());
        Assert.Null(response.Body["next"]);
    }

    [Fact]
    public async Task An_activity_has_typed_properties_with_defaults_and_its_outcomes()
    {
        var activities = FlowTestDefinitions.Items(await Api.GetAsync("/v1/activities", await Api.TokenAsync()));

        var otp = activities.Single(a => a["type"]!.GetValue<string>() == "AskForOtp");
        Assert.True(otp["interactive"]!.GetValue<bool>());
        Assert.False(string.IsNullOrWhiteSpace(otp["displayName"]!.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(otp["category"]!.GetValue<string>()));
        var maxAttempts = Property(otp, "maxAttempts");
        Assert.Equal("integer", maxAttempts["type"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.Number, maxAttempts["default"]!.GetValueKind());
        Assert.Contains("success", otp["outcomes"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()));
        var deny = activities.Single(a => a["type"]!.GetValue<string>() == "Deny");
        Assert.True(Property(deny, "message")["required"]!.GetValue<bool>());
        Assert.Empty(deny["outcomes"]!.AsArray());
        Assert.DoesNotContain("clrType", activities.SelectMany(a => a.Select(p => p.Key)));
    }

    [Fact]
    public async Task A_choice_property_lists_its_options()
    {
        var activities = FlowTestDefinitions.Items(await Api.GetAsync("/v1/activities", await Api.TokenAsync()));

        var condition = Property(activities.Single(a => a["type"]!.GetValue<string>() == "CheckUser"), "condition");

        Assert.Equal("choice", condition["type"]!.GetValue<string>());
        Assert.Contains("hasMfaDevice", condition["options"]!.AsArray().Select(o => o!.GetValue<string>()));
    }

    [Fact]
    public async Task The_catalog_needs_a_token_and_no_environment()
    {
        var response = await Api.GetAsync("/v1/activities", token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync("/v1/activities", await Api.TokenAsync(ManagementScopes.Read))).Status);
    }

    private static JsonObject Property(JsonObject activity, string name) =>
        activity["properties"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == name)!.AsObject();
}
