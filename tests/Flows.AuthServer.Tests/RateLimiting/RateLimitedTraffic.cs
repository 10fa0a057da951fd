using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using System.Text;
using Flows.AuthServer.Telemetry;
using Flows.AuthServer.Tests.Hosting;
using Flows.Engine.Runtime;
using Flows.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace Flows.AuthServer.Tests.RateLimiting;

/// <summary>
/// The requests the rate limit tests send, each from the client address it names (<c>X-Forwarded-For</c>, believed
/// from the fixture's trusted proxy), and the refusals the server counts.
/// </summary>
public static class RateLimitedTraffic
{
    /// <summary>A fresh address of the documentation range (RFC 5737), so that no two tests share one.</summary>
    public static string NewAddress() => $"198.51.{Random.Shared.Next(0, 256)}.{Random.Shared.Next(1, 255)}";

    public static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Starts a sign-in of the web client in <paramref name="browser"/>; returns the flow's id.</summary>
    public static async Task<string> StartFlowAsync(Browser browser)
    {
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(TestEnvironment.WebClientId, TestEnvironment.WebRedirect, Pkce.New()));
        return flowUrl[(flowUrl.LastIndexOf('/') + 1)..];
    }

    /// <summary>A wrong password for <paramref name="username"/> through the JSON flow API.</summary>
    public static Task<HttpResponseMessage> PostPasswordAsync(Browser browser, string flowId, string address, string username)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/{TestEnvironment.Id}/flows/{flowId}")
        {
            Content = Browser.ActionContent(FlowAnswers.UsernamePassword(username, "not-the-password")),
        };
        return SendFromAsync(browser, request, address);
    }

    /// <summary>Opens the device verification page; returns its flow's id.</summary>
    public static async Task<string> StartDeviceVerificationAsync(Browser browser)
    {
        var flowUrl = await DeviceRequests.OpenAsync(browser, $"/{TestEnvironment.Id}/device", TestEnvironment.Id);
        return flowUrl[(flowUrl.LastIndexOf('/') + 1)..];
    }

    /// <summary>A user code no device was given, through the JSON flow API.</summary>
    public static Task<HttpResponseMessage> PostWrongUserCodeAsync(Browser browser, string flowId, string address)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/{TestEnvironment.Id}/flows/{flowId}")
        {
            Content = Browser.ActionContent(FlowAnswers.DeviceUserCode($"{Random.Shared.Next(0, 10_000):0000}-0000-0000")),
        };
        return SendFromAsync(browser, request, address);
    }

    /// <summary>A wrong password for <paramref name="username"/> through the hosted sign-on page's form.</summary>
    public static Task<HttpResponseMessage> SubmitPasswordAsync(Browser browser, HostedPageForm form, string address, string username)
    {
        var values = new Dictionary<string, string>(form.Hidden) { ["username"] = username, ["password"] = "not-the-password" };
        return SendFromAsync(browser, new HttpRequestMessage(HttpMethod.Post, form.Action) { Content = new FormUrlEncodedContent(values) }, address);
    }

    /// <summary>A client-credentials request at <paramref name="endpoint"/> naming <paramref name="clientId"/>, with a secret (Basic) or in the form.</summary>
    public static Task<HttpResponseMessage> PostClientAsync(HttpClient http, string endpoint, string clientId, string? secret, string address)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["token"] = "some-token" };
        var request = new HttpRequestMessage(HttpMethod.Post, $"/{TestEnvironment.Id}/as/{endpoint}");
        if (secret is null)
        {
            form["client_id"] = clientId;
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}")));
        }

        request.Content = new FormUrlEncodedContent(form);
        request.Headers.Add("X-Forwarded-For", address);
        return http.SendAsync(request);
    }

    /// <summary>A management call with <paramref name="token"/> as its bearer token.</summary>
    public static Task<HttpResponseMessage> GetManagementAsync(HttpClient http, string token, string address)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/environments");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("X-Forwarded-For", address);
        return http.SendAsync(request);
    }

    public static string SignOnPath(string flowId) =>
        QueryHelpers.AddQueryString($"/{TestEnvironment.Id}/signon", "flowId", flowId);

    /// <summary>The seconds of a response's <c>Retry-After</c>.</summary>
    public static int RetryAfterSeconds(HttpResponseMessage response) =>
        (int)response.Headers.RetryAfter!.Delta!.Value.TotalSeconds;

    private static Task<HttpResponseMessage> SendFromAsync(Browser browser, HttpRequestMessage request, string address)
    {
        request.Headers.Add("X-Forwarded-For", address);
        return browser.SendAsync(request);
    }
}

/// <summary>
/// The refusals <see cref="FlowsMetrics.RateLimitRefusalsName"/> counts while it listens, by policy: those of every server
/// of the test process, so only the one class whose limits refuse anything counts with it.
/// </summary>
public sealed class RefusalCounts : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _counts = new();

    public RefusalCounts()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == FlowsTelemetry.Name && instrument.Name == FlowsMetrics.RateLimitRefusalsName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == FlowsMetrics.PolicyTag && tag.Value is string policy)
                {
                    _counts.AddOrUpdate(policy, value, (_, count) => count + value);
                }
            }
        });
        _listener.Start();
    }

    public long Of(string policy) => _counts.GetValueOrDefault(policy);

    public void Dispose() => _listener.Dispose();
}
