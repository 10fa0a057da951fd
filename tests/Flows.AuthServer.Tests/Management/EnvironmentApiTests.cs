using System.Net;
using Flows.AuthServer.Management;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Management;

/// <summary>POST, GET and list /v1/environments: created as an import creates them, conflicts and bad input as problems.</summary>
[Collection(ManagementCollection.Name)]
public sealed class EnvironmentApiTests(ManagementServerFixture server)
{
    private const string Environments = "/v1/environments";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task Creating_an_environment_answers_201_with_its_location_and_its_issuer_works_at_once()
    {
        var token = await Api.TokenAsync();

        var created = await Api.PostAsync(Environments, token, new { id = "created-env", name = "Created" });
        var read = await Api.GetAsync(created.Location!.ToString(), token);
        using var discovery = await _http.GetAsync("/created-env/as/.well-known/openid-configuration");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("/v1/environments/created-env", created.Location.ToString());
        Assert.Equal(("created-env", "Created", "username-password"), (created.Text("id"), created.Text("name"), created.Text("defaultFlow")));
        Assert.Equal(Issuer(server.BaseAddress, "created-env"), created.Text("issuer"));
        Assert.Equal(created.Body.ToJsonString(), read.Body.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
    }

    [Fact]
    public async Task A_new_environment_may_name_another_shipped_flow_as_its_default()
    {
        var created = await Api.PostAsync(Environments, await Api.TokenAsync(), new { id = "otp-env", name = "OTP", defaultFlow = "password-then-otp" });

        Assert.Equal((HttpStatusCode.Created, "password-then-otp"), (created.Status, created.Text("defaultFlow")));
    }

    [Fact]
    public async Task An_existing_id_is_409()
    {
        var response = await Api.PostAsync(Environments, await Api.TokenAsync(), new { id = Id, name = "Again" });

        Assert.Equal((HttpStatusCode.Conflict, ManagementProblems.AlreadyExists), (response.Status, response.Code));
    }

    [Theory]
    [InlineData("Not Valid", "id")]
    [InlineData("v1", "id")]
    [InlineData(null, "id")]
    public async Task An_invalid_id_is_400_with_a_field_error(string? id, string field)
    {
        var response = await Api.PostAsync(Environments, await Api.TokenAsync(), new { id, name = "Name" });

        Assert.Equal((HttpStatusCode.BadRequest, ManagementProblems.InvalidData), (response.Status, response.Code));
        Assert.Equal([field], response.ErrorFields);
    }

    [Fact]
    public async Task Every_invalid_field_is_reported_at_once()
    {
        var response = await Api.PostAsync(Environments, await Api.TokenAsync(), new { id = "-", name = "", defaultFlow = "nope" });

        Assert.Equal(["defaultFlow", "id", "name"], response.ErrorFields.Order());
    }

    [Fact]
    public async Task An_unknown_field_is_400_naming_it()
    {
        var response = await Api.SendAsync(HttpMethod.Post, Environments, await Api.TokenAsync(), """{ "id": "typo-env", "nmae": "Typo" }""");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(["nmae"], response.ErrorFields);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_400_naming_its_field()
    {
        var response = await Api.SendAsync(HttpMethod.Post, Environments, await Api.TokenAsync(), """{ "id": 7, "name": "Seven" }""");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(["id"], response.ErrorFields);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("")]
    public async Task A_body_that_is_not_a_json_object_is_400(string body)
    {
        var response = await Api.SendAsync(HttpMethod.Post, Environments, await Api.TokenAsync(), body);

        Assert.Equal((HttpStatusCode.BadRequest, ManagementProblems.InvalidRequest), (response.Status, response.Code));
    }

    [Fact]
    public async Task A_body_that_is_not_json_at_all_is_415()
    {
        var response = await Api.SendAsync(HttpMethod.Post, Environments, await Api.TokenAsync(), "id=x", "application/x-www-form-urlencoded");

        Assert.Equal((HttpStatusCode.UnsupportedMediaType, ManagementProblems.UnsupportedMediaType), (response.Status, response.Code));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_400()
    {
        var response = await Api.PostAsync(Environments, await Api.TokenAsync(), new { id = "big", name = new string('x', ManagementJson.MaxBodyBytes) });

        Assert.Equal((HttpStatusCode.BadRequest, ManagementProblems.InvalidRequest), (response.Status, response.Code));
    }

    [Fact]
    public async Task An_unknown_environment_is_404()
    {
        var response = await Api.GetAsync($"{Environments}/no-such-env", await Api.TokenAsync());

        Assert.Equal((HttpStatusCode.NotFound, ManagementProblems.NotFound), (response.Status, response.Code));
    }

    [Fact]
    public async Task The_list_pages_in_id_order_with_an_opaque_cursor()
    {
        var token = await Api.TokenAsync();
        await Api.PostAsync(Environments, token, new { id = "paged-env", name = "Paged" });

        var first = await Api.GetAsync($"{Environments}?pageSize=2", token);
        var second = await Api.GetAsync($"{Environments}?pageSize=2&after={first.Text("next")}", token);

        var ids = first.Body["items"]!.AsArray().Concat(second.Body["items"]!.AsArray()).Select(e => e!["id"]!.GetValue<string>()).ToList();
        Assert.Equal("admin", ids[0]);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(4, ids.Distinct().Count());
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=501", "pageSize")]
    [InlineData("pageSize=ten", "pageSize")]
    [InlineData("after=%25%25", "after")]
    public async Task Invalid_paging_parameters_are_400_with_a_field_error(string query, string field)
    {
        var response = await Api.GetAsync($"{Environments}?{query}", await Api.TokenAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal([field], response.ErrorFields);
    }
}
