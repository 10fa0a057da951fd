using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Engine.Activities;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>
/// What a browser or a custom sign-on UI does over HTTP: keeps cookies, never follows redirects on its own,
/// and speaks the JSON flow API.
/// </summary>
public sealed class Browser : IDisposable
{
    private readonly HttpClient _http;

    /// <param name="baseAddress">The server, or the proxy in front of it.</param>
    /// <param name="acceptAnyCertificate">Whether a test's self-signed certificate is accepted.</param>
    public Browser(Uri baseAddress, bool acceptAnyCertificate = false)
    {
        Cookies = new CookieContainer();
        var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = Cookies };
        if (acceptAnyCertificate)
        {
            handler.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator;
        }

        _http = new HttpClient(handler) { BaseAddress = baseAddress };
    }

    public CookieContainer Cookies { get; }

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>Headers sent with every request from now on (a proxy's routing header, say).</summary>
    public HttpRequestHeaders Headers => _http.DefaultRequestHeaders;

    /// <summary>The value of the environment's ST cookie this browser holds, if any.</summary>
    public string? SessionToken(string environment = TestEnvironment.Id) =>
        Cookies.GetCookies(new Uri(BaseAddress, $"/{environment}/"))["ST"]?.Value;

    /// <summary>Sets the environment's ST cookie, as a browser does that was given (or kept) a session token.</summary>
    public void UseSessionToken(string token, string environment = TestEnvironment.Id) =>
        Cookies.Add(BaseAddress, new Cookie("ST", token, $"/{environment}"));

    public Task<HttpResponseMessage> GetAsync(string url) => _http.GetAsync(url);

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _http.SendAsync(request);

    /// <summary>GET a flow resource; returns the status code and the JSON body.</summary>
    public async Task<(HttpStatusCode Status, JsonObject Body)> GetFlowAsync(string flowUrl)
    {
        using var response = await _http.GetAsync(flowUrl);
        return (response.StatusCode, await ReadJsonAsync(response));
    }

    /// <summary>POST the user's answer to a flow (see <c>FlowAnswers</c>) with its action's vendor content type.</summary>
    public Task<(HttpStatusCode Status, JsonObject Body)> ActAsync(string flowUrl, FlowAction answer) =>
        ActAsync(flowUrl, answer.Name, answer.Body);

    /// <summary>POST one action to a flow with its vendor content type.</summary>
    public async Task<(HttpStatusCode Status, JsonObject Body)> ActAsync(string flowUrl, string action, object body)
    {
        using var content = ActionContent(action, body);
        using var response = await _http.PostAsync(flowUrl, content);
        return (response.StatusCode, await ReadJsonAsync(response));
    }

    /// <summary>An action's JSON body with its vendor content type, spelled as the contract spells it.</summary>
    public static StringContent ActionContent(string action, object body)
    {
        var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue($"application/vnd.pingidentity.{action}+json");
        return content;
    }

    public static StringContent ActionContent(FlowAction answer) => ActionContent(answer.Name, answer.Body);

    public void Dispose() => _http.Dispose();

    private static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return string.IsNullOrEmpty(text) ? new JsonObject() : JsonNode.Parse(text)!.AsObject();
    }
}
