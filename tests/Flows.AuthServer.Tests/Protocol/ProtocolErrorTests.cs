using System.Net;
using Flows.AuthServer.Tests.Hosting;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>The token endpoint's error responses (RFC 6749 §5.2); the authorization endpoint's are <see cref="AuthorizationErrorResponseTests"/>.</summary>
[Collection(ServerCollection.Name)]
public sealed class ProtocolErrorTests(ServerFixture server)
{
    private readonly HttpClient _http = server.CreateRawClient();

    [Theory]
    [InlineData("grant_type=urn:example:unknown", "unsupported_grant_type")]
    [InlineData("grant_type=authorization_code", "invalid_request")]
    [InlineData("grant_type=refresh_token", "invalid_request")]
    [InlineData("grant_type=client_credentials&scope=admin", "invalid_scope")]
    public async Task The_token_endpoint_answers_each_client_error_with_its_code(string form, string error)
    {
        var fields = form.Split('&').Select(pair => pair.Split('=')).ToDictionary(pair => pair[0], pair => pair[1]);

        var (status, body) = await TokenRequests.PostAsync(_http, "/test/as/token", fields, ServiceClientId, ServiceSecret);

        Assert.Equal((HttpStatusCode.BadRequest, error), (status, body["error"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(body["error_description"]?.GetValue<string>()));
    }

    [Fact]
    public async Task An_unknown_client_at_the_token_endpoint_is_invalid_client()
    {
        var (status, body) = await TokenRequests.PostAsync(_http, "/test/as/token",
            new() { ["grant_type"] = "client_credentials" }, "nobody", "nothing");

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (status, body["error"]!.GetValue<string>()));
    }
}
