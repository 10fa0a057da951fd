using System.Net;
using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.AuthServer.Management;
using Flows.AuthServer.Tests.Hosting;
using Flows.Testing;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Management;

/// <summary>GET /v1/environments/{env}/flowInstances: the engine's filters and keyset paging, as an operator lists waiting sign-ins.</summary>
[Collection(ManagementCollection.Name)]
public sealed class FlowInstanceApiTests(ManagementServerFixture server)
{
    private const string Instances = $"/v1/environments/{Id}/flowInstances";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task A_sign_in_waiting_for_its_otp_is_listed_as_suspended_with_its_prompt_status()
    {
        var flowId = await SuspendAtOtpAsync();

        var listed = await Api.GetAsync($"{Instances}?status=SUSPENDED&applicationId={SpaClientId}&pageSize=500", await Api.TokenAsync());

        Assert.Equal(HttpStatusCode.OK, listed.Status);
        var item = Items(listed).Single(i => i["id"]!.GetValue<string>() == flowId);
        Assert.Equal("SUSPENDED", item["status"]!.GetValue<string>());
        Assert.Equal(FlowStatuses.OtpRequired, item["flowStatus"]!.GetValue<string>());
        Assert.Equal(("password-then-otp", 1), (item["definitionId"]!.GetValue<string>(), item["definitionVersion"]!.GetValue<int>()));
        Assert.Equal(SpaClientId, item["applicationId"]!.GetValue<string>());
        Assert.True(item["updatedAt"]!.GetValue<DateTimeOffset>() >= item["createdAt"]!.GetValue<DateTimeOffset>());
        Assert.All(Items(listed), i => Assert.Equal("SUSPENDED", i["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Filters_leave_out_what_does_not_match()
    {
        var flowId = await SuspendAtOtpAsync();
        var token = await Api.TokenAsync();

        var completed = await Api.GetAsync($"{Instances}?status=completed&pageSize=500", token);
        var otherApplication = await Api.GetAsync($"{Instances}?applicationId={WebClientId}&pageSize=500", token);
        var otherVersion = await Api.GetAsync($"{Instances}?definitionVersion=2&pageSize=500", token);
        var future = await Api.GetAsync($"{Instances}?createdAfter={DateTimeOffset.UtcNow.AddHours(1):O}".Replace("+", "%2B"), token);

        Assert.All([completed, otherApplication, otherVersion, future], response =>
        {
            Assert.Equal(HttpStatusCode.OK, response.Status);
            Assert.DoesNotContain(flowId, Items(response).Select(i => i["id"]!.GetValue<string>()));
        });
    }

    [Fact]
    public async Task Filters_by_definition_user_and_age_keep_what_matches()
    {
        var flowId = await SuspendAtOtpAsync();
        var token = await Api.TokenAsync();
        var userId = Items(await Api.GetAsync($"{Instances}?pageSize=500", token)).Single(i => i["id"]!.GetValue<string>() == flowId)["userId"]!.GetValue<string>();

        var matching = await Api.GetAsync(
            $"{Instances}?status=SUSPENDED&definitionId=password-then-otp&definitionVersion=1&userId={userId}&newerThan=PT1H&pageSize=500", token);
        var otherDefinition = await Api.GetAsync($"{Instances}?definitionId=username-password&pageSize=500", token);
        var otherUser = await Api.GetAsync($"{Instances}?userId=nobody&pageSize=500", token);
        var tooYoung = await Api.GetAsync($"{Instances}?olderThan=PT1H&pageSize=500", token);

        Assert.Contains(flowId, Items(matching).Select(i => i["id"]!.GetValue<string>()));
        Assert.All(Items(matching), i => Assert.Equal(userId, i["userId"]!.GetValue<string>()));
        Assert.All([otherDefinition, otherUser, tooYoung], response =>
        {
            Assert.Equal(HttpStatusCode.OK, response.Status);
            Assert.DoesNotContain(flowId, Items(response).Select(i => i["id"]!.GetValue<string>()));
        });
    }

    [Fact]
    public async Task Listing_without_a_token_is_401()
    {
        var response = await Api.GetAsync(Instances, token: null);

        Assert.Equal((HttpStatusCode.Unauthorized, ManagementProblems.Unauthorized), (response.Status, response.Code));
    }

    [Fact]
    public async Task The_list_pages_newest_first_with_the_engines_cursor()
    {
        await SuspendAtOtpAsync();
        await SuspendAtOtpAsync();
        var token = await Api.TokenAsync();

        var first = await Api.GetAsync($"{Instances}?pageSize=1", token);
        var second = await Api.GetAsync($"{Instances}?pageSize=1&after={Uri.EscapeDataString(first.Text("next"))}", token);

        var (newer, older) = (Items(first).Single(), Items(second).Single());
        Assert.NotEqual(newer["id"]!.GetValue<string>(), older["id"]!.GetValue<string>());
        Assert.True(newer["createdAt"]!.GetValue<DateTimeOffset>() >= older["createdAt"]!.GetValue<DateTimeOffset>());
    }

    [Theory]
    [InlineData("status=WAITING", "status")]
    [InlineData("status=1", "status")]
    [InlineData("definitionVersion=latest", "definitionVersion")]
    [InlineData("definitionVersion=0", "definitionVersion")]
    [InlineData("createdAfter=yesterday", "createdAfter")]
    [InlineData("createdBefore=2026-13-01", "createdBefore")]
    [InlineData("olderThan=15", "olderThan")]
    [InlineData("olderThan=-PT15M", "olderThan")]
    [InlineData("newerThan=P100000D", "newerThan")]
    [InlineData("pageSize=-1", "pageSize")]
    [InlineData("after=not-a-cursor", "after")]
    public async Task Invalid_parameters_are_400_with_an_error_for_their_field(string query, string field)
    {
        var response = await Api.GetAsync($"{Instances}?{query}", await Api.TokenAsync());

        Assert.Equal((HttpStatusCode.BadRequest, ManagementProblems.InvalidData), (response.Status, response.Code));
        Assert.Equal([field], response.ErrorFields);
    }

    [Fact]
    public async Task Instances_of_an_unknown_environment_are_404()
    {
        var response = await Api.GetAsync("/v1/environments/no-such-env/flowInstances", await Api.TokenAsync());

        Assert.Equal((HttpStatusCode.NotFound, ManagementProblems.NotFound), (response.Status, response.Code));
    }

    [Fact]
    public async Task The_openapi_document_names_each_instance_endpoint_with_its_answers()
    {
        using var response = await _http.GetAsync("/v1/openapi.json");
        var paths = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["paths"]!;

        var list = paths["/v1/environments/{env}/flowInstances"]!["get"]!;
        var get = paths["/v1/environments/{env}/flowInstances/{id}"]!["get"]!;
        var cancel = paths["/v1/environments/{env}/flowInstances/{id}/cancel"]!["post"]!;
        Assert.Equal(["ListFlowInstances", "GetFlowInstance", "CancelFlowInstance"],
            new[] { list, get, cancel }.Select(operation => operation["operationId"]!.GetValue<string>()));
        Assert.All([list, get, cancel], operation => Assert.False(string.IsNullOrEmpty(operation["summary"]?.GetValue<string>())));
        Assert.Equal(["200", "400", "401", "403", "404"], Statuses(list));
        Assert.Equal(["200", "401", "403", "404"], Statuses(get));
        Assert.Equal(["200", "401", "403", "404", "409", "412"], Statuses(cancel));
        Assert.NotNull(cancel["responses"]!["200"]!["content"]!["application/json"]!["schema"]);
    }

    private static List<string> Statuses(JsonNode operation) => operation["responses"]!.AsObject().Select(r => r.Key).Order().ToList();

    /// <summary>Alice signs in to the SPA (password, then OTP) and stops at the OTP step; returns the flow id.</summary>
    private async Task<string> SuspendAtOtpAsync()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(SpaClientId, SpaRedirect, Pkce.New()));
        var (_, flow) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(Alice, AlicePassword));
        Assert.Equal(FlowStatuses.OtpRequired, flow["status"]!.GetValue<string>());
        return flow["id"]!.GetValue<string>();
    }

    private static List<JsonObject> Items(ManagementResponse response) =>
        response.Body["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
}
