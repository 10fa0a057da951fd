using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Web;

namespace Flows.Fuzz;

/// <summary>
/// Obtains fresh <see cref="FuzzMaterial"/> the way a browser and the applications would: a flow left waiting, a
/// sign-in completed through the flow API (its code redeemed, a second code by SSO, a third flow completed and not
/// resumed), and client credentials tokens. What fails is left as a placeholder and named in <see cref="FuzzMaterial.Missing"/>.
/// </summary>
public sealed class FuzzSetup(FuzzTarget target)
{
    private readonly List<string> _missing = [];
    private (string Environment, string? FlowDefinition)? _scratch;

    public async Task<FuzzMaterial> ObtainAsync(CancellationToken cancellationToken)
    {
        _missing.Clear();
        var material = new FuzzMaterial();
        material = await WithWaitingFlowAsync(material, cancellationToken);
        material = await WithSignInAsync(material, cancellationToken);
        material = await WithServiceTokensAsync(material, cancellationToken);
        return material with { Missing = [.. _missing] };
    }

    private async Task<FuzzMaterial> WithWaitingFlowAsync(FuzzMaterial material, CancellationToken cancellationToken)
    {
        if (await StartFlowAsync(cookie: null, prompt: null, cancellationToken) is not ({ } flowId, { } session))
        {
            _missing.Add("waiting flow");
            return material;
        }

        material = material with { WaitingFlowId = flowId, WaitingSession = session };
        var page = await SendAsync("GET", $"/{target.Environment}/signon?flowId={flowId}", [Header("Cookie", session)], null, cancellationToken);
        var token = page is null ? null : FormToken(page.Text);
        var antiforgery = page?.HeaderValues("Set-Cookie").Select(CookiePair).FirstOrDefault(cookie => cookie.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        if (token is null || antiforgery is null)
        {
            _missing.Add("sign-on antiforgery");
            return material;
        }

        return material with { AntiforgeryCookie = antiforgery, AntiforgeryToken = token };
    }

    private async Task<FuzzMaterial> WithSignInAsync(FuzzMaterial material, CancellationToken cancellationToken)
    {
        // Sign in once: complete a flow, resume it for a code, redeem it.
        var (verifier, challenge) = NewPkce();
        var started = await StartFlowAsync(cookie: null, prompt: null, cancellationToken, challenge);
        var signedIn = started is ({ } flowId, { } session) ? await CompleteAsync(flowId, session, cancellationToken) : null;
        var code = signedIn is null ? null : await ResumeForCodeAsync(started!.Value.FlowId!, signedIn, cancellationToken);
        var tokens = code is null ? null : await PostFormAsync(target.As("token"), new()
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = target.WebRedirect, ["code_verifier"] = verifier,
            ["client_id"] = target.WebClientId, ["client_secret"] = target.WebSecret,
        }, cancellationToken);
        if (signedIn is null || tokens is null)
        {
            _missing.Add("completed sign-in");
            return material;
        }

        material = material with
        {
            SignedInSession = signedIn,
            RefreshToken = tokens["refresh_token"]?.GetValue<string>() ?? material.RefreshToken,
            IdToken = tokens["id_token"]?.GetValue<string>() ?? material.IdToken,
            UserAccessToken = tokens["access_token"]?.GetValue<string>() ?? material.UserAccessToken,
        };

        // A second code, by SSO, left for the token endpoint; a flow completed and not resumed, left for resume.
        (verifier, challenge) = NewPkce();
        var sso = await SendAsync("GET", AuthorizeUrl(challenge, prompt: null), [Header("Cookie", signedIn)], null, cancellationToken);
        if (sso?.Header("Location") is { } location && Query(location)["code"] is { } secondCode)
        {
            material = material with { Code = secondCode, CodeVerifier = verifier };
        }
        else
        {
            _missing.Add("unredeemed code");
        }

        if (await StartFlowAsync(signedIn, "login", cancellationToken) is ({ } again, { } againSession)
            && await CompleteAsync(again, againSession, cancellationToken) is { } completedSession)
        {
            material = material with { CompletedFlowId = again, SignedInSession = completedSession };
        }
        else
        {
            _missing.Add("completed flow");
        }

        return material;
    }

    private async Task<FuzzMaterial> WithServiceTokensAsync(FuzzMaterial material, CancellationToken cancellationToken)
    {
        var service = await PostFormAsync(target.As("token"), new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = target.ServiceClientId, ["client_secret"] = target.ServiceSecret,
        }, cancellationToken);
        material = material with { ServiceAccessToken = service?["access_token"]?.GetValue<string>() ?? material.ServiceAccessToken };
        if (target.AdminClientSecret is null)
        {
            return material;
        }

        var admin = await PostFormAsync("/admin/as/token", new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = target.AdminClientId, ["client_secret"] = target.AdminClientSecret,
        }, cancellationToken);
        if (admin?["access_token"]?.GetValue<string>() is not { } token)
        {
            _missing.Add("admin token");
            return material;
        }

        material = material with { AdminAccessToken = token };
        _scratch ??= await ScratchAsync(token, cancellationToken);
        return material with
        {
            ScratchEnvironment = _scratch?.Environment ?? material.ScratchEnvironment,
            FlowDefinition = _scratch?.FlowDefinition ?? material.FlowDefinition,
        };
    }

    /// <summary>Creates the scratch environment of management writes, and reads a flow version to mutate, once per setup.</summary>
    private async Task<(string Environment, string? FlowDefinition)?> ScratchAsync(string adminToken, CancellationToken cancellationToken)
    {
        var bearer = new[] { Header("Authorization", $"Bearer {adminToken}") };
        var scratch = $"fuzz-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
        var created = await SendAsync("POST", "/v1/environments", [.. bearer, Header("Content-Type", "application/json")],
            Encoding.UTF8.GetBytes($$"""{"id":"{{scratch}}","name":"Fuzz scratch"}"""), cancellationToken);
        if (created?.Status != 201)
        {
            _missing.Add("scratch environment");
            return null;
        }

        var flows = await SendAsync("GET", $"/v1/environments/{target.Environment}/flows", bearer, null, cancellationToken);
        var firstFlow = flows?.Status == 200 ? (JsonNode.Parse(flows.Text)?["items"] as JsonArray)?.FirstOrDefault()?["id"]?.GetValue<string>() : null;
        var version = firstFlow is null ? null
            : await SendAsync("GET", $"/v1/environments/{target.Environment}/flows/{firstFlow}/versions/1", bearer, null, cancellationToken);
        return (scratch, version?.Status == 200 ? version.Text : null);
    }

    private async Task<(string? FlowId, string? Session)?> StartFlowAsync(string? cookie, string? prompt, CancellationToken cancellationToken, string? challenge = null)
    {
        var response = await SendAsync("GET", AuthorizeUrl(challenge ?? NewPkce().Challenge, prompt), cookie is null ? [] : [Header("Cookie", cookie)], null, cancellationToken);
        if (response?.Header("Location") is not { } location || Query(location)["flowId"] is not { } flowId)
        {
            return null;
        }

        var session = response.HeaderValues("Set-Cookie").Select(CookiePair).FirstOrDefault(pair => pair.StartsWith("ST=", StringComparison.Ordinal)) ?? cookie;
        return (flowId, session);
    }

    /// <summary>Answers the flow's password step; returns the ST cookie of the signed-in session, or null.</summary>
    private async Task<string?> CompleteAsync(string flowId, string session, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["username"] = target.Username, ["password"] = target.Password }.ToJsonString();
        var response = await SendAsync("POST", $"/{target.Environment}/flows/{flowId}",
            [Header("Cookie", session), Header("Content-Type", "application/vnd.pingidentity.usernamePassword.check+json")], Encoding.UTF8.GetBytes(body), cancellationToken);
        if (response?.Status != 200 || JsonNode.Parse(response.Text)?["status"]?.GetValue<string>() != "COMPLETED")
        {
            return null;
        }

        return response.HeaderValues("Set-Cookie").Select(CookiePair).FirstOrDefault(pair => pair.StartsWith("ST=", StringComparison.Ordinal)) ?? session;
    }

    private async Task<string?> ResumeForCodeAsync(string flowId, string session, CancellationToken cancellationToken)
    {
        var response = await SendAsync("GET", target.As($"resume?flowId={flowId}"), [Header("Cookie", session)], null, cancellationToken);
        return response?.Header("Location") is { } location ? Query(location)["code"] : null;
    }

    private string AuthorizeUrl(string challenge, string? prompt) =>
        target.As("authorize") + $"?response_type=code&client_id={target.WebClientId}&redirect_uri={Uri.EscapeDataString(target.WebRedirect)}"
        + $"&scope={Uri.EscapeDataString("openid profile offline_access")}&state=fuzz&nonce=fuzz&code_challenge={challenge}&code_challenge_method=S256"
        + (prompt is null ? "" : $"&prompt={prompt}");

    private async Task<JsonNode?> PostFormAsync(string path, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        var body = string.Join('&', form.Select(field => $"{Uri.EscapeDataString(field.Key)}={Uri.EscapeDataString(field.Value)}"));
        var response = await SendAsync("POST", path, [Header("Content-Type", "application/x-www-form-urlencoded")], Encoding.UTF8.GetBytes(body), cancellationToken);
        return response?.Status == 200 ? JsonNode.Parse(response.Text) : null;
    }

    private async Task<RawResponse?> SendAsync(string method, string path, KeyValuePair<string, string>[] headers, byte[]? body, CancellationToken cancellationToken)
    {
        try
        {
            return await RawHttp.SendAsync(target.EndPoint, new RawRequest(method, path, headers, body ?? []), target.Timeout, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static KeyValuePair<string, string> Header(string name, string value) => KeyValuePair.Create(name, value);

    private static string CookiePair(string setCookie) => setCookie.Split(';')[0].Trim();

    private static System.Collections.Specialized.NameValueCollection Query(string location) =>
        HttpUtility.ParseQueryString(location.Contains('?') ? location[(location.IndexOf('?') + 1)..] : "");

    private static string? FormToken(string html)
    {
        var input = Regex.Match(html, "<input[^>]*name=\"__RequestVerificationToken\"[^>]*>");
        var value = input.Success ? Regex.Match(input.Value, "value=\"([^\"]+)\"") : Match.Empty;
        return value.Success ? value.Groups[1].Value : null;
    }
}
