using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Tests.Hosting;
using static Flows.AuthServer.Tests.Hosting.ExchangeEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>With token exchange turned off, the grant is unsupported and discovery does not offer it.</summary>
public sealed class DisabledTokenExchangeTests(ExchangeDisabledServerFixture server) : IClassFixture<ExchangeDisabledServerFixture>
{
    private readonly HttpClient _http = server.CreateRawClient();

    [Fact]
    public async Task The_grant_is_unsupported_and_not_in_discovery()
    {
        var (status, body) = await TokenRequests.PostAsync(_http, Path("token"), new()
        {
            ["grant_type"] = GrantType, ["subject_token"] = "any", ["subject_token_type"] = AccessTokenType,
        }, OrdersClientId, OrdersSecret);
        using var response = await _http.GetAsync(Path(".well-known/openid-configuration"));
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal((HttpStatusCode.BadRequest, "unsupported_grant_type"), (status, body["error"]!.GetValue<string>()));
        Assert.DoesNotContain(GrantType, document["grant_types_supported"]!.AsArray().Select(grant => grant!.GetValue<string>()));
    }
}
