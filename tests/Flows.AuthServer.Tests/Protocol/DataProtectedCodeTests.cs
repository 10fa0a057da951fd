using System.Net;
using System.Security.Cryptography;
using System.Text;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Protocol;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>Authorization codes are Data Protection payloads, readable only in the environment that issued them.</summary>
[Collection(ServerCollection.Name)]
public sealed class DataProtectedCodeTests(ServerFixture server)
{
    private readonly HttpClient _http = server.CreateRawClient();

    [Fact]
    public async Task A_codes_stored_payload_is_a_data_protection_payload_not_a_jwt_and_the_code_is_redeemed_once()
    {
        using var browser = new Browser(server.BaseAddress);
        var pkce = Pkce.New();
        var code = SignIn.Parameters(await SignIn.RunAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, pkce), Alice, AlicePassword))["code"];
        var payload = await StoredPayloadAsync(code);

        var (status, tokens) = await TokenRequests.RedeemCodeAsync(_http, code, WebRedirect, pkce.Verifier, WebClientId, WebSecret);
        var (againStatus, again) = await TokenRequests.RedeemCodeAsync(_http, code, WebRedirect, pkce.Verifier, WebClientId, WebSecret);

        // The code is a reference to its entry; the entry's payload starts with Data Protection's header, in base64url.
        Assert.StartsWith("CfDJ8", payload, StringComparison.Ordinal);
        Assert.DoesNotContain('.', payload);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(tokens["id_token"]);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (againStatus, again["error"]!.GetValue<string>()));
    }

    [Fact]
    public void A_payload_protected_in_one_environment_is_read_in_it_and_in_no_other()
    {
        var keyRing = new EphemeralDataProtectionProvider();
        var protectedInTest = Protector(keyRing, Id).Protect(Encoding.UTF8.GetBytes("code"));

        var readInTest = Protector(keyRing, Id).Unprotect(protectedInTest);

        Assert.Equal("code", Encoding.UTF8.GetString(readInTest));
        Assert.ThrowsAny<CryptographicException>(() => Protector(keyRing, Other).Unprotect(protectedInTest));
        Assert.ThrowsAny<CryptographicException>(() => Protector(keyRing, environmentId: null).Unprotect(protectedInTest));
    }

    private async Task<string> StoredPayloadAsync(string code)
    {
        using var scope = server.Services.CreateScope();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var entry = await tokens.FindByReferenceIdAsync(code) ?? throw new InvalidOperationException("The code has no entry.");
        return await tokens.GetPayloadAsync(entry) ?? throw new InvalidOperationException("The code's entry has no payload.");
    }

    /// <summary>A protector for OpenIddict's purposes, in a request to <paramref name="environmentId"/> (null: to none).</summary>
    private static IDataProtector Protector(IDataProtectionProvider keyRing, string? environmentId)
    {
        var services = new ServiceCollection().AddScoped<EnvironmentContext>().BuildServiceProvider();
        var scope = services.CreateScope();
        if (environmentId is not null)
        {
            scope.ServiceProvider.GetRequiredService<EnvironmentContext>().Enter(
                new EnvironmentRecord { Id = environmentId, Name = environmentId, DefaultFlowId = "username-password" });
        }

        var requests = new HttpContextAccessor { HttpContext = new DefaultHttpContext { RequestServices = scope.ServiceProvider } };
        return new EnvironmentDataProtection(keyRing, requests).CreateProtector("OpenIddict.Server", "AuthorizationCodeFormat");
    }
}
