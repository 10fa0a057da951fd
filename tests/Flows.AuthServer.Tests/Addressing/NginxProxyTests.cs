using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Addressing;

/// <summary>
/// The README's deployment, run: nginx terminates TLS with <c>examples/nginx/flows.conf</c> in front of the server on
/// plain HTTP, which trusts it as a known proxy. Through it, discovery advertises the https issuer and a whole
/// sign-in works, its code and tokens bearing that issuer.
/// </summary>
public sealed class NginxProxyTests : IAsyncLifetime
{
    private readonly ProxiedServer _server = new();
    private NginxProxy _proxy = null!;

    private string Issuer => $"{_proxy.BaseAddress.GetLeftPart(UriPartial.Authority)}/{Id}/as";

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)_server).InitializeAsync();
        _proxy = await NginxProxy.StartAsync(_server.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await ((IAsyncLifetime)_server).DisposeAsync();
    }

    [Fact]
    public async Task Discovery_through_nginx_advertises_the_https_issuer()
    {
        using var browser = new Browser(_proxy.BaseAddress, acceptAnyCertificate: true);

        using var response = await browser.GetAsync($"/{Id}/as/.well-known/openid-configuration");
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("https://127.0.0.1:", Issuer);
        Assert.Equal(Issuer, document["issuer"]!.GetValue<string>());
        Assert.Equal($"{Issuer}/token", document["token_endpoint"]!.GetValue<string>());
        Assert.Equal($"{Issuer}/authorize", document["authorization_endpoint"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_sign_in_through_nginx_completes_with_secure_cookies_and_tokens_of_the_https_issuer()
    {
        using var browser = new Browser(_proxy.BaseAddress, acceptAnyCertificate: true);
        var pkce = Pkce.New();

        var redirect = await SignIn.RunAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, pkce), Bob, BobPassword);
        var answer = SignIn.Parameters(redirect);
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator })
        {
            BaseAddress = _proxy.BaseAddress,
        };
        var (status, tokens) = await TokenRequests.RedeemCodeAsync(http, answer["code"], WebRedirect, pkce.Verifier, WebClientId, WebSecret);

        Assert.Equal(Issuer, answer["iss"]);
        Assert.True(browser.Cookies.GetCookies(new Uri(_proxy.BaseAddress, $"/{Id}/"))["ST"]!.Secure);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Issuer, new JsonWebToken(tokens["id_token"]!.GetValue<string>()).Issuer);
        Assert.Equal(Issuer, new JsonWebToken(tokens["access_token"]!.GetValue<string>()).Issuer);
    }

    [Fact]
    public async Task Nginx_keeps_the_operators_endpoints_to_the_servers_own_address()
    {
        using var browser = new Browser(_proxy.BaseAddress, acceptAnyCertificate: true);

        using var throughProxy = await browser.GetAsync("/readyz");
        using var direct = await _server.CreateRawClient().GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.NotFound, throughProxy.StatusCode);
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
    }

    /// <summary>The server, trusting forwarded headers from nginx on 127.0.0.1 only.</summary>
    private sealed class ProxiedServer : ServerFixture
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Flows:Proxy:KnownProxies:0", "127.0.0.1");
        }
    }
}
