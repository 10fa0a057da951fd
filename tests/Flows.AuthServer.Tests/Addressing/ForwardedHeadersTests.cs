using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;

namespace Flows.AuthServer.Tests.Addressing;

/// <summary>
/// <c>X-Forwarded-Proto/Host/Prefix</c> over real HTTP: believed from a configured proxy (here 127.0.0.1, where the
/// test client connects from), ignored from any other address, and ignored when no proxy is configured.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string Discovery = "/test/as/.well-known/openid-configuration";

    [Fact]
    public async Task A_known_proxy_sets_the_issuer_scheme_host_and_path_base()
    {
        await using var server = await ProxiedServer.StartAsync("Flows:Proxy:KnownProxies:0", "127.0.0.1");

        var issuer = await IssuerAsync(server, forwarded: true);

        Assert.Equal("https://login.example.test/auth/test/as", issuer);
    }

    [Fact]
    public async Task A_known_network_sets_the_issuer_too()
    {
        await using var server = await ProxiedServer.StartAsync("Flows:Proxy:KnownNetworks", "10.0.0.0/8, 127.0.0.0/8");

        var issuer = await IssuerAsync(server, forwarded: true);

        Assert.Equal("https://login.example.test/auth/test/as", issuer);
    }

    [Fact]
    public async Task Forwarded_headers_from_an_address_outside_the_known_networks_are_ignored()
    {
        await using var server = await ProxiedServer.StartAsync("Flows:Proxy:KnownNetworks:0", "10.0.0.0/8");

        var issuer = await IssuerAsync(server, forwarded: true);

        Assert.Equal(TestEnvironment.Issuer(server.BaseAddress), issuer);
    }

    [Fact]
    public async Task Without_a_configured_proxy_forwarded_headers_are_ignored_even_from_loopback()
    {
        await using var server = await ProxiedServer.StartAsync(key: null, value: null);

        var issuer = await IssuerAsync(server, forwarded: true);

        Assert.Equal(TestEnvironment.Issuer(server.BaseAddress), issuer);
    }

    private static async Task<string> IssuerAsync(ServerFixture server, bool forwarded)
    {
        using var http = server.CreateRawClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Discovery);
        if (forwarded)
        {
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-Host", "login.example.test");
            request.Headers.Add("X-Forwarded-Prefix", "/auth");
        }

        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["issuer"]!.GetValue<string>();
    }

    /// <summary>A server of its own with one proxy setting, started and stopped by the test.</summary>
    private sealed class ProxiedServer(string? key, string? value) : ServerFixture, IAsyncDisposable
    {
        public static async Task<ProxiedServer> StartAsync(string? key, string? value)
        {
            var server = new ProxiedServer(key, value);
            await ((IAsyncLifetime)server).InitializeAsync();
            return server;
        }

        async ValueTask IAsyncDisposable.DisposeAsync() => await ((IAsyncLifetime)this).DisposeAsync();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            if (key is not null)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
