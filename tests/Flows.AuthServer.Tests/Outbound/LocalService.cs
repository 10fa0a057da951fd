using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Outbound;

/// <summary>
/// An outside service on 127.0.0.1 (Kestrel, a random port) as a receiver would write it: it checks the
/// <c>Flows-Signature</c> header with the environment's secret, records what it got, and answers as each path says —
/// allow, deny, a 500, a hang, garbage, an oversized answer.
/// </summary>
public sealed class LocalService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalService(WebApplication app) => _app = app;

    /// <summary>The secret the service verifies signatures with; set once the environment has one.</summary>
    public string Secret { get; set; } = "";

    public ConcurrentQueue<ReceivedCall> Calls { get; } = new();

    public int Port => new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    public static async Task<LocalService> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var service = new LocalService(app);
        app.Run(service.AnswerAsync);
        await app.StartAsync();
        return service;
    }

    private async Task AnswerAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var signature = http.Request.Headers["Flows-Signature"].ToString();
        Calls.Enqueue(new ReceivedCall(http.Request.Path, http.Request.Method, body, signature, Verifies(signature, body)));
        switch (http.Request.Path.Value)
        {
            case "/fail":
                http.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            case "/hang":
                await Task.Delay(TimeSpan.FromSeconds(20), http.RequestAborted).ContinueWith(_ => { });
                return;
            case "/garbage":
                await http.Response.WriteAsync("<html>certainly not JSON");
                return;
            case "/huge":
                await http.Response.WriteAsync($"{{\"outcome\":\"allow\",\"padding\":\"{new string('x', 200_000)}\"}}");
                return;
            case "/deny":
                await http.Response.WriteAsJsonAsync(new { outcome = "deny", level = "high" });
                return;
            default:
                await http.Response.WriteAsJsonAsync(new { outcome = "allow", level = "low", reason = "known device" });
                return;
        }
    }

    /// <summary>What the README tells a receiver to do: HMAC-SHA256 over "{t}.{raw body}", compared in fixed time.</summary>
    private bool Verifies(string header, string body)
    {
        var parts = header.Split(',').Select(part => part.Split('=', 2)).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => pair[1]);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1) || !long.TryParse(t, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(v1));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>One request the local service received.</summary>
public sealed record ReceivedCall(string Path, string Method, string Body, string Signature, bool SignatureVerified);
