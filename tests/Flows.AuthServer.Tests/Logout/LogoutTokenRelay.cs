using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Flows.AuthServer.Tests.Logout;

/// <summary>
/// An attacker between the server and a relying party's back-channel logout endpoint: Kestrel on 127.0.0.1 (a random
/// port) that takes the server's POST, rewrites its <c>logout_token</c> and forwards it to <c>target</c>, answering
/// the server with the relying party's status.
/// </summary>
public sealed class LogoutTokenRelay : IAsyncDisposable
{
    private const string LogoutTokenParameter = "logout_token";

    private readonly WebApplication _app;
    private readonly HttpClient _forward = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ConcurrentQueue<string> _received = new();

    private LogoutTokenRelay(Uri target, Func<string, string> rewrite)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost(LogoutReceiver.Path, async (HttpContext http) =>
        {
            var token = (await http.Request.ReadFormAsync())[LogoutTokenParameter].ToString();
            _received.Enqueue(token);
            using var content = new FormUrlEncodedContent([new(LogoutTokenParameter, rewrite(token))]);
            try
            {
                using var answer = await _forward.PostAsync(target, content);
                return Results.StatusCode((int)answer.StatusCode);
            }
            catch (HttpRequestException)
            {
                // The relying party has stopped listening: it already judged an earlier attempt.
                return Results.StatusCode(StatusCodes.Status502BadGateway);
            }
        });
    }

    /// <summary>The logout tokens the server sent, before they were rewritten.</summary>
    public IReadOnlyList<string> Received => [.. _received];

    public Uri Address { get; private set; } = null!;

    public static async Task<LogoutTokenRelay> StartAsync(Uri target, Func<string, string> rewrite)
    {
        var relay = new LogoutTokenRelay(target, rewrite);
        await relay._app.StartAsync();
        var address = relay._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        relay.Address = new Uri(new Uri(address), LogoutReceiver.Path);
        return relay;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _forward.Dispose();
    }
}
