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
/// A relying party's back-channel logout endpoint, for real: Kestrel on 127.0.0.1 (a random port) that takes POSTs to
/// <see cref="Path"/>, answers 500 to the first <c>failures</c> of them and, after <c>delay</c>, 200 to the rest, and
/// keeps every logout token it took.
/// </summary>
public sealed class LogoutReceiver : IAsyncDisposable
{
    public const string Path = "/backchannel-logout";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedLogout> _requests = new();
    private readonly TaskCompletionSource<string> _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _failuresLeft;

    private LogoutReceiver(int failures, TimeSpan delay)
    {
        _failuresLeft = failures;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost(Path, async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            var token = form["logout_token"].ToString();
            var failed = Interlocked.Decrement(ref _failuresLeft) >= 0;
            _requests.Enqueue(new ReceivedLogout(http.Request.ContentType ?? "", token, failed, DateTimeOffset.UtcNow));
            if (failed)
            {
                return Results.StatusCode(StatusCodes.Status500InternalServerError);
            }

            await Task.Delay(delay);
            _accepted.TrySetResult(token);
            return Results.Ok();
        });
    }

    /// <summary>Every POST that arrived, in order.</summary>
    public IReadOnlyList<ReceivedLogout> Requests => [.. _requests];

    public Uri Address { get; private set; } = null!;

    public static async Task<LogoutReceiver> StartAsync(int failures = 0, TimeSpan delay = default)
    {
        var receiver = new LogoutReceiver(failures, delay);
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Address = new Uri(new Uri(address), Path);
        return receiver;
    }

    /// <summary>The logout token of the first POST answered with 200.</summary>
    public async Task<string> AcceptedTokenAsync(TimeSpan within) => await _accepted.Task.WaitAsync(within);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>One POST the receiver got: its content type, its <c>logout_token</c>, whether it was answered with 500, and when.</summary>
public sealed record ReceivedLogout(string ContentType, string LogoutToken, bool Refused, DateTimeOffset At);
