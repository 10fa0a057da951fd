using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Flows.Bench.SignIns;

/// <summary>
/// One simulated browser doing one full sign-in as a confidential web client would drive it: authorization
/// request with PKCE (S256), the password step through the JSON flow API, the resume that returns the code,
/// and the code exchange at the token endpoint. Its cookies (the ST session) live only for this sign-in, so
/// every sign-in runs the flow rather than reusing a session.
/// </summary>
internal sealed class SignInBrowser(HttpClient http, SignInLoadOptions options, string username)
{
    private const string FlowActionMediaType = "application/vnd.pingidentity.usernamePassword.check+json";

    private readonly CookieContainer _cookies = new();

    /// <summary>Signs in once; throws <see cref="SignInFailure"/> naming the step that did not answer as expected.</summary>
    public async Task SignInAsync(CancellationToken cancellationToken)
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var state = Base64Url(RandomNumberGenerator.GetBytes(16));
        var flowId = await AuthorizeAsync(verifier, state, cancellationToken);
        var resumeUrl = await SubmitPasswordAsync(flowId, cancellationToken);
        var code = await ResumeAsync(resumeUrl, state, cancellationToken);
        await RedeemAsync(code, verifier, cancellationToken);
    }

    /// <summary>Starts a sign-in and leaves it waiting for the password; answers its flow id.</summary>
    public Task<string> StartAsync(CancellationToken cancellationToken) =>
        AuthorizeAsync(Base64Url(RandomNumberGenerator.GetBytes(32)), Base64Url(RandomNumberGenerator.GetBytes(16)), cancellationToken);

    /// <summary>GET the waiting flow, as the sign-on page does; throws unless it answers 200.</summary>
    public async Task ReadFlowAsync(string flowId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"{options.Environment}/flows/{Uri.EscapeDataString(flowId)}", content: null, cancellationToken);
        await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new SignInFailure("flow GET", $"HTTP {(int)response.StatusCode}");
        }
    }

    /// <summary>GET /authorize; the server starts the flow and sends the browser to its sign-on page.</summary>
    private async Task<string> AuthorizeAsync(string verifier, string state, CancellationToken cancellationToken)
    {
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var query = string.Join('&', new Dictionary<string, string>
        {
            ["client_id"] = options.ClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = options.RedirectUri,
            ["scope"] = options.Scope,
            ["state"] = state,
            ["nonce"] = Base64Url(RandomNumberGenerator.GetBytes(16)),
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        }.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));

        using var response = await SendAsync(HttpMethod.Get, $"{options.Environment}/as/authorize?{query}", content: null, cancellationToken);
        var location = RedirectOf("authorize", response);
        var flowId = QueryValue(location, "flowId");
        return flowId ?? throw new SignInFailure("authorize", $"redirect without flowId: {location}");
    }

    /// <summary>POST the username and password to the flow; a completed flow answers with its resume URL.</summary>
    private async Task<Uri> SubmitPasswordAsync(string flowId, CancellationToken cancellationToken)
    {
        var body = new StringContent(JsonSerializer.Serialize(new { username, password = options.Password }));
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(FlowActionMediaType);
        using var response = await SendAsync(HttpMethod.Post, $"{options.Environment}/flows/{Uri.EscapeDataString(flowId)}", body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new SignInFailure("password", $"HTTP {(int)response.StatusCode}: {Shorten(text)}");
        }

        using var flow = JsonDocument.Parse(text);
        if (!flow.RootElement.TryGetProperty("status", out var status) || status.GetString() != "COMPLETED"
            || !flow.RootElement.TryGetProperty("resumeUrl", out var resumeUrl))
        {
            throw new SignInFailure("password", $"flow not completed: {Shorten(text)}");
        }

        return new Uri(resumeUrl.GetString()!, UriKind.Absolute);
    }

    /// <summary>GET the resume URL; OpenIddict answers the authorization request with a redirect carrying the code.</summary>
    private async Task<string> ResumeAsync(Uri resumeUrl, string state, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, resumeUrl.PathAndQuery.TrimStart('/'), content: null, cancellationToken);
        var location = RedirectOf("resume", response);
        if (!location.AbsoluteUri.StartsWith(options.RedirectUri, StringComparison.Ordinal) || QueryValue(location, "state") != state)
        {
            throw new SignInFailure("resume", $"unexpected redirect: {location.GetLeftPart(UriPartial.Path)}");
        }

        return QueryValue(location, "code") ?? throw new SignInFailure("resume", $"redirect without code: error={QueryValue(location, "error")}");
    }

    /// <summary>POST the code to the token endpoint (client_secret_basic, with the PKCE verifier).</summary>
    private async Task RedeemAsync(string code, string verifier, CancellationToken cancellationToken)
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = options.RedirectUri,
            ["code_verifier"] = verifier,
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.BaseUri, $"{options.Environment}/as/token")) { Content = form };

        // RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined.
        var credentials = $"{Uri.EscapeDataString(options.ClientId)}:{Uri.EscapeDataString(options.ClientSecret)}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new SignInFailure("token", $"HTTP {(int)response.StatusCode}: {Shorten(text)}");
        }

        using var tokens = JsonDocument.Parse(text);
        if (!tokens.RootElement.TryGetProperty("access_token", out _) || !tokens.RootElement.TryGetProperty("id_token", out _))
        {
            throw new SignInFailure("token", $"no access_token or id_token: {Shorten(text)}");
        }
    }

    /// <summary>Sends a request with this browser's cookies and keeps the cookies of the response.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string relative, HttpContent? content, CancellationToken cancellationToken)
    {
        var uri = new Uri(options.BaseUri, relative);
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        if (_cookies.GetCookieHeader(uri) is { Length: > 0 } cookie)
        {
            request.Headers.Add("Cookie", cookie);
        }

        var response = await http.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                _cookies.SetCookies(uri, setCookie);
            }
        }

        return response;
    }

    private Uri RedirectOf(string step, HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Found or HttpStatusCode.SeeOther && response.Headers.Location is { } location
            ? new Uri(options.BaseUri, location)
            : throw new SignInFailure(step, $"HTTP {(int)response.StatusCode}, expected a redirect");

    private static string? QueryValue(Uri uri, string name)
    {
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=');
            if (separator > 0 && pair[..separator] == name)
            {
                return Uri.UnescapeDataString(pair[(separator + 1)..]);
            }
        }

        return null;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}

/// <summary>A sign-in step that did not answer as a successful sign-in requires.</summary>
internal sealed class SignInFailure(string step, string detail) : Exception($"{step}: {detail}")
{
    public string Step { get; } = step;
}
