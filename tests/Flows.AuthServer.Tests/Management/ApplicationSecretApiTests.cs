using System.Net;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Management;
using Flows.AuthServer.Tests.Hosting;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Management;

/// <summary>POST /v1/environments/{env}/applications/{clientId}/secret: a new secret shown once, the old one dead at once.</summary>
[Collection(ManagementCollection.Name)]
public sealed class ApplicationSecretApiTests(ManagementServerFixture server)
{
    private const string Applications = $"/v1/environments/{Id}/applications";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task A_rotated_secret_works_at_once_and_the_old_one_stops_working_even_after_it_was_verified()
    {
        var token = await Api.TokenAsync();
        var (clientId, oldSecret) = await CreateServiceAsync(token);
        // Twice: the second request is answered from the verified secrets.
        Assert.Equal(HttpStatusCode.OK, await ClientCredentialsAsync(clientId, oldSecret));
        Assert.Equal(HttpStatusCode.OK, await ClientCredentialsAsync(clientId, oldSecret));

        var rotated = await Api.PostAsync($"{Applications}/{clientId}/secret", token, new { });

        Assert.Equal(HttpStatusCode.OK, rotated.Status);
        Assert.Equal(clientId, rotated.Text("clientId"));
        var newSecret = rotated.Text("clientSecret");
        Assert.NotEqual(oldSecret, newSecret);
        Assert.Equal(HttpStatusCode.Unauthorized, await ClientCredentialsAsync(clientId, oldSecret));
        Assert.Equal(HttpStatusCode.OK, await ClientCredentialsAsync(clientId, newSecret));
        Assert.Null((await Api.GetAsync($"{Applications}/{clientId}", token)).Body["clientSecret"]);
    }

    [Fact]
    public async Task A_rotation_honours_if_match()
    {
        var token = await Api.TokenAsync();
        var (clientId, secret) = await CreateServiceAsync(token);
        var stale = (await Api.GetAsync($"{Applications}/{clientId}", token)).ETag;
        await Api.PatchAsync($"{Applications}/{clientId}", token, new { name = "Renamed meanwhile" });

        var response = await Api.SendAsync(HttpMethod.Post, $"{Applications}/{clientId}/secret", token, ifMatch: stale);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.Status);
        Assert.Equal(HttpStatusCode.OK, await ClientCredentialsAsync(clientId, secret));
    }

    [Fact]
    public async Task A_public_client_has_no_secret_to_rotate()
    {
        var response = await Api.SendAsync(HttpMethod.Post, $"{Applications}/{SpaClientId}/secret", await Api.TokenAsync());

        Assert.Equal((HttpStatusCode.Conflict, ManagementProblems.Conflict), (response.Status, response.Code));
    }

    [Fact]
    public async Task Rotating_an_unknown_client_is_404_and_needs_the_write_scope()
    {
        var token = await Api.TokenAsync();

        var unknown = await Api.SendAsync(HttpMethod.Post, $"{Applications}/no-such-client/secret", token);
        var anonymous = await Api.SendAsync(HttpMethod.Post, $"{Applications}/{ServiceClientId}/secret", null);
        var readOnly = await Api.SendAsync(HttpMethod.Post, $"{Applications}/{ServiceClientId}/secret", await Api.TokenAsync(ManagementScopes.Read));

        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Equal(HttpStatusCode.Forbidden, readOnly.Status);
        Assert.Equal(HttpStatusCode.OK, await ClientCredentialsAsync(ServiceClientId, ServiceSecret));
    }

    private async Task<(string ClientId, string Secret)> CreateServiceAsync(string token)
    {
        var created = await Api.PostAsync(Applications, token, new { name = "Rotated service", type = "confidential", grantTypes = new[] { "client_credentials" } });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return (created.Text("clientId"), created.Text("clientSecret"));
    }

    private async Task<HttpStatusCode> ClientCredentialsAsync(string clientId, string secret)
    {
        var (status, _) = await TokenRequests.PostAsync(_http, $"/{Id}/as/token", new() { ["grant_type"] = "client_credentials" }, clientId, secret);
        return status;
    }
}
