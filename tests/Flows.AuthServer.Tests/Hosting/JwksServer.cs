using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>
/// A client's own web server on Kestrel at 127.0.0.1 that publishes its public keys at <see cref="KeysUri"/>: the keys it
/// serves can be rolled over, its answers made to fail, and its reads counted.
/// </summary>
public sealed class JwksServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile string _body = """{"keys":[]}""";
    private int _reads;

    private JwksServer(WebApplication app) => _app = app;

    public Uri KeysUri { get; private set; } = null!;

    /// <summary>How many times the keys were read.</summary>
    public int Reads => Volatile.Read(ref _reads);

    /// <summary>What the next reads answer instead of the keys: a status code, or null for the keys.</summary>
    public int? FailWith { get; set; }

    /// <summary>The Cache-Control header of the answer; none when null.</summary>
    public string? CacheControl { get; set; }

    public static async Task<JwksServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new JwksServer(app);
        app.MapGet("/.well-known/jwks.json", server.AnswerAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.KeysUri = new Uri(new Uri(address), "/.well-known/jwks.json");
        return server;
    }

    /// <summary>Serves the public halves of <paramref name="keys"/> (by key id) from now on.</summary>
    public void Publish(params (string KeyId, RSA Key)[] keys)
    {
        var jwks = keys.Select(key =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Key.ExportParameters(false)) { KeyId = key.KeyId });
            return new Dictionary<string, string> { ["kty"] = "RSA", ["use"] = "sig", ["kid"] = key.KeyId, ["alg"] = "RS256", ["n"] = jwk.N, ["e"] = jwk.E };
        });
        _body = JsonSerializer.Serialize(new { keys = jwks });
    }

    /// <summary>Serves <paramref name="body"/> as it is.</summary>
    public void PublishRaw(string body) => _body = body;

    private async Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref _reads);
        if (FailWith is { } status)
        {
            context.Response.StatusCode = status;
            return;
        }

        if (CacheControl is { } cacheControl)
        {
            context.Response.Headers.CacheControl = cacheControl;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(_body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
