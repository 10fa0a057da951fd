using System.Net;

namespace Flows.AuthServer.Tests.Management;

/// <summary>What routing alone answers under /v1 still comes as the API's problem JSON.</summary>
[Collection(ManagementCollection.Name)]
public sealed class ManagementConventionsTests(ManagementServerFixture server)
{
    private readonly ManagementApi _api = new(server.CreateClient());

    [Fact]
    public async Task An_unknown_path_is_a_404_problem()
    {
        var token = await _api.TokenAsync();

        var response = await _api.GetAsync("/v1/no-such-collection", token);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal("NOT_FOUND", response.Code);
    }

    [Fact]
    public async Task A_method_the_path_does_not_take_is_a_405_problem()
    {
        var token = await _api.TokenAsync();

        var response = await _api.SendAsync(HttpMethod.Put, "/v1/environments", token, "{}");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal("METHOD_NOT_ALLOWED", response.Code);
    }

    [Fact]
    public async Task Paths_outside_the_api_keep_their_own_answers()
    {
        using var http = server.CreateClient();

        using var response = await http.GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
