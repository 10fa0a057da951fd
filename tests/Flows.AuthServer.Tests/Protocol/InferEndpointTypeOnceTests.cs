using Flows.AuthServer.Protocol.Handlers;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// The remembered endpoint inference against OpenIddict's <c>InferEndpointType</c>, with the server's endpoint URIs:
/// the same endpoint (and the same log) for the first request to a URL and for every later one, whatever the issuer,
/// trailing slash, letter case, host, port or scheme; unknown paths stay unknown.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class InferEndpointTypeOnceTests(ServerFixture server)
{
    private static readonly string[] Bases =
    [
        "http://127.0.0.1:5000/test/as/",
        "http://127.0.0.1:5000/other/as/",
        "https://login.example.com/demo/as/",
        "https://login.example.com:8443/a/b/c/as/",
        "http://localhost:5000/",
    ];

    private static readonly string[] Paths =
    [
        "authorize", "resume", "token", "userinfo", "jwks", ".well-known/openid-configuration", "signoff", "introspect", "revoke",
        "token/", "TOKEN", "Token/", "AUTHORIZE?client_id=web", "token//", "tokens", "token/x", "toke", "t%6Fken", "./token",
        "", "/", ".well-known/", ".well-known/OPENID-CONFIGURATION/", "authorize/../token", "device", "par", "verify",
    ];

    /// <summary>The request URIs of each base: its paths, on its own authority and on others.</summary>
    private static IEnumerable<(Uri Base, Uri Request)> Requests() =>
        from baseUri in Bases.Select(value => new Uri(value))
        from authority in new[] { baseUri.GetLeftPart(UriPartial.Authority), "http://127.0.0.1:5001", "https://127.0.0.1:5000", "HTTP://LOCALHOST:5000" }
        from path in Paths
        select (baseUri, new Uri(authority + baseUri.AbsolutePath + path));

    [Fact]
    public async Task Every_request_uri_gets_openiddicts_endpoint_type_first_and_from_memory()
    {
        var options = ServerOptions();
        var remembered = new InferEndpointTypeOnce();
        var (matched, unknown) = (0, 0);
        foreach (var (baseUri, requestUri) in Requests())
        {
            var expected = await InferAsync(new OpenIddictServerHandlers.InferEndpointType(), options, baseUri, requestUri);
            var first = await InferAsync(remembered, options, baseUri, requestUri);
            var later = await InferAsync(remembered, options, baseUri, requestUri);

            Assert.Equal((requestUri, expected), (requestUri, first));
            Assert.Equal((requestUri, expected), (requestUri, later));
            (matched, unknown) = expected.Type is OpenIddictServerEndpointType.Unknown ? (matched, unknown + 1) : (matched + 1, unknown);
        }

        Assert.True(matched > 50 && unknown > 50, $"{matched} matched and {unknown} unknown: both kinds are compared");
    }

    [Fact]
    public async Task An_issuer_remembers_its_endpoints_apart_from_another_issuers()
    {
        var options = ServerOptions();
        var remembered = new InferEndpointTypeOnce();
        var test = new Uri("http://127.0.0.1:5000/test/as/");
        var other = new Uri("http://127.0.0.1:5000/other/as/");

        var atTest = await InferAsync(remembered, options, test, new Uri(test, "token"));
        var otherIssuerSamePath = await InferAsync(remembered, options, other, new Uri(test, "token"));

        Assert.Equal(OpenIddictServerEndpointType.Token, atTest.Type);
        Assert.Equal(OpenIddictServerEndpointType.Unknown, otherIssuerSamePath.Type);
    }

    [Fact]
    public async Task Requests_without_absolute_uris_are_left_to_openiddicts_handler()
    {
        var options = ServerOptions();
        var relative = new Uri("token", UriKind.Relative);

        var expected = await InferAsync(new OpenIddictServerHandlers.InferEndpointType(), options, null, relative);
        var actual = await InferAsync(new InferEndpointTypeOnce(), options, null, relative);

        Assert.Equal(expected, actual);
        Assert.Equal(OpenIddictServerEndpointType.Unknown, actual.Type);
    }

    private sealed record Inferred(OpenIddictServerEndpointType Type, string Log);

    /// <summary>The server's own endpoint URIs, in a fresh options instance so that nothing is remembered yet.</summary>
    private OpenIddictServerOptions ServerOptions()
    {
        var configured = server.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue;
        var options = new OpenIddictServerOptions();
        options.AuthorizationEndpointUris.AddRange(configured.AuthorizationEndpointUris);
        options.ConfigurationEndpointUris.AddRange(configured.ConfigurationEndpointUris);
        options.DeviceAuthorizationEndpointUris.AddRange(configured.DeviceAuthorizationEndpointUris);
        options.EndSessionEndpointUris.AddRange(configured.EndSessionEndpointUris);
        options.EndUserVerificationEndpointUris.AddRange(configured.EndUserVerificationEndpointUris);
        options.IntrospectionEndpointUris.AddRange(configured.IntrospectionEndpointUris);
        options.JsonWebKeySetEndpointUris.AddRange(configured.JsonWebKeySetEndpointUris);
        options.PushedAuthorizationEndpointUris.AddRange(configured.PushedAuthorizationEndpointUris);
        options.RevocationEndpointUris.AddRange(configured.RevocationEndpointUris);
        options.TokenEndpointUris.AddRange(configured.TokenEndpointUris);
        options.UserInfoEndpointUris.AddRange(configured.UserInfoEndpointUris);
        return options;
    }

    private static async Task<Inferred> InferAsync(
        IOpenIddictServerHandler<ProcessRequestContext> handler, OpenIddictServerOptions options, Uri? baseUri, Uri requestUri)
    {
        var logs = new ListLoggerProvider();
        var transaction = new OpenIddictServerTransaction
        {
            Options = options,
            Logger = LoggerFactory.Create(logging => logging.AddProvider(logs)).CreateLogger("OpenIddict.Server"),
            BaseUri = baseUri,
            RequestUri = requestUri,
        };
        var context = new ProcessRequestContext(transaction);

        await handler.HandleAsync(context);
        return new Inferred(context.EndpointType, logs.Text);
    }
}
