using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Flows.E2E.Tests;

/// <summary>
/// A one-page Kestrel app on 127.0.0.1 with a random port: GET / serves a form with one field, POST /echo
/// shows the field back (HTML-encoded). It proves test → Playwright → chromium → Kestrel works here.
/// </summary>
public sealed class EchoFormApp : IAsyncDisposable
{
    public const string FieldLabel = "Your name";

    private readonly WebApplication _app;

    private EchoFormApp(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<EchoFormApp> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");

        var app = builder.Build();
        app.MapGet("/", () => Html("Echo form", $"""
            <form method="post" action="/echo">
              <label for="name">{FieldLabel}</label>
              <input id="name" name="name" autocomplete="off">
              <button type="submit">Send</button>
            </form>
            """));
        // Reads the form by hand: a minimal-API form parameter would require antiforgery, which this
        // infrastructure check has no use for.
        app.MapPost("/echo", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            return Html("Echo", $"""<p>You sent: <output id="echo">{WebUtility.HtmlEncode(form["name"].ToString())}</output></p>""");
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new EchoFormApp(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static IResult Html(string title, string body) => Results.Content($"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
        <body style="font-family: sans-serif; margin: 2rem">{body}</body></html>
        """, "text/html; charset=utf-8");
}
