using System.Diagnostics;
using System.Text.Json.Nodes;
using Flows.AuthServer.Tests.Hosting;
using Xunit.Abstractions;
using static Flows.AuthServer.Tests.Hosting.GrantsEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// An independent, certified client (openid-client, tests/clients/device-flow.mjs) runs the device authorization grant
/// against the real server: it asks for its codes and polls, while the test signs the user in on the verification page;
/// openid-client then checks the ID token (signature against the JWKS), userinfo and a refresh.
/// </summary>
public sealed class CertifiedDeviceClientTests(GrantsServerFixture server, ITestOutputHelper output) : IClassFixture<GrantsServerFixture>
{
    private const string Script = "device-flow.mjs";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_public_device_client_gets_the_tokens_of_the_user_who_allowed_it()
    {
        var (codes, result) = await RunAsync(accept: true);

        Assert.StartsWith(new Uri(server.BaseAddress, $"/{Id}/device").ToString(), codes["verificationUri"]!.GetValue<string>());
        Assert.True(result["ok"]!.GetValue<bool>(), result.ToJsonString());
        var claims = result["idTokenClaims"]!.AsObject();
        Assert.Equal(TvClientId, claims["aud"]!.GetValue<string>());
        Assert.Equal(Gina, claims["preferred_username"]!.GetValue<string>());
        Assert.Equal(claims["sub"]!.GetValue<string>(), result["userinfo"]!["sub"]!.GetValue<string>());
        Assert.True(result["refreshed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_public_device_client_learns_that_the_user_denied_it()
    {
        var (_, result) = await RunAsync(accept: false);

        Assert.False(result["ok"]!.GetValue<bool>());
        Assert.Equal("poll", result["step"]!.GetValue<string>());
        Assert.Equal("access_denied", result["details"]!["error"]!.GetValue<string>());
    }

    /// <summary>Runs the script, answers its verification page as the user, and returns its two JSON lines.</summary>
    private async Task<(JsonObject Codes, JsonObject Result)> RunAsync(bool accept)
    {
        using var process = CodeFlowClient.Start(Script, new Dictionary<string, string>
        {
            ["ISSUER"] = TestEnvironment.Issuer(server.BaseAddress, Id),
            ["CLIENT_ID"] = TvClientId,
            ["SCOPE"] = "openid profile offline_access",
        });
        using var limit = new CancellationTokenSource(Timeout);
        var errors = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            var first = await process.StandardOutput.ReadLineAsync(limit.Token)
                ?? throw new InvalidOperationException($"{Script} ended without its codes: {await errors}");
            var codes = JsonNode.Parse(first)!.AsObject();
            Assert.True(codes["userCode"] is not null, first);

            using var browser = new Browser(server.BaseAddress);
            var flowUrl = await DeviceRequests.OpenAsync(browser, codes["verificationUriComplete"]!.GetValue<string>(), Id);
            var completed = await DeviceRequests.CompleteAsync(browser, flowUrl, codes["userCode"]!.GetValue<string>(), Gina, GinaPassword, accept);
            await DeviceRequests.ResumeAsync(browser, completed);

            var rest = await process.StandardOutput.ReadToEndAsync(limit.Token);
            await process.WaitForExitAsync(limit.Token);
            output.WriteLine($"{first}\n{rest}\n{await errors}");
            return (codes, JsonNode.Parse(rest.TrimEnd().Split('\n')[^1])!.AsObject());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
