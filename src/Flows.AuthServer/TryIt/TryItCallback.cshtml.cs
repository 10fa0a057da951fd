using System.Text.Encodings.Web;
using System.Text.Json;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Flows;
using Flows.AuthServer.SignOn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.TryIt;

/// <summary>
/// <c>/{env}/try/callback</c>: checks the answer's state, redeems the code with the PKCE verifier, validates the
/// ID token, calls userinfo, and shows what the application would learn about the user.
/// </summary>
public sealed class TryItCallbackModel(
    EnvironmentContext environments,
    IOpenIddictApplicationManager applications,
    TryItRequestCookie cookie,
    TryItServerClient server) : PageModel, IProblemPage
{
    // Razor encodes the page; the JSON only needs to stay readable (no \u escapes for accented names).
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public HostedPageProblem? Problem { get; private set; }

    public string ContinueUrl => FlowUrls.Local(Request, TryItClient.StartPath(environments.Current?.Id ?? ""));

    public string ContinueLabel => TryItClient.StartAgainLabel;

    public string HomeUrl => FlowUrls.Local(Request, TryItClient.HomePath(environments.Current?.Id ?? ""));

    public IReadOnlyList<TryItClaimRow> IdTokenClaims { get; private set; } = [];

    /// <summary>Who signed in, as the ID token names them.</summary>
    public string? DisplayName { get; private set; }

    public string? GrantedScope { get; private set; }

    public bool HasRefreshToken { get; private set; }

    public string? UserInfoJson { get; private set; }

    public string? SignOutUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync(
        string? code,
        string? state,
        [FromQuery(Name = Parameters.Error)] string? error,
        [FromQuery(Name = Parameters.ErrorDescription)] string? errorDescription)
    {
        if (await TryItAvailability.FindProblemAsync(environments, applications, HttpContext.RequestAborted) is { } unavailable)
        {
            return ShowProblem(unavailable);
        }

        // The pending request is good for one answer only, whatever that answer is.
        var environmentId = environments.Required.Id;
        var pending = cookie.Read(HttpContext, environmentId);
        cookie.Delete(HttpContext, environmentId);
        if (pending is null)
        {
            return ShowProblem(TryItProblems.NoPendingSignIn);
        }

        // RFC 6749 §10.12: an answer without our state may be an attacker's, even an error.
        if (!pending.Matches(state))
        {
            return ShowProblem(TryItProblems.StateMismatch);
        }

        if (!string.IsNullOrEmpty(error))
        {
            return ShowProblem(TryItProblems.Refused(error, errorDescription));
        }

        if (string.IsNullOrEmpty(code))
        {
            return ShowProblem(TryItProblems.MissingCode);
        }

        try
        {
            await CompleteAsync(environmentId, code, pending);
            return Page();
        }
        catch (TryItException failure)
        {
            return ShowProblem(TryItProblems.Failed(failure));
        }
    }

    private async Task CompleteAsync(string environmentId, string code, TryItAuthorizationRequest pending)
    {
        var address = TryItServerAddress.Of(Request);
        var cancellationToken = HttpContext.RequestAborted;
        var tokens = await server.RedeemCodeAsync(
            address, environmentId, code, TryItClient.RedirectUri(Request, environmentId), pending.CodeVerifier, cancellationToken);
        var keys = await server.GetSigningKeysAsync(address, environmentId, cancellationToken);
        var idToken = await TryItIdTokenValidator.ValidateAsync(
            tokens.IdToken, keys, TryItClient.Issuer(Request, environmentId), pending.Nonce);
        var userInfo = await server.GetUserInfoAsync(address, environmentId, tokens.AccessToken, cancellationToken);

        IdTokenClaims = TryItClaimRow.Of(idToken);
        DisplayName = new[] { Claims.Name, Claims.PreferredUsername, Claims.Subject }
            .Select(type => idToken.TryGetPayloadValue<string>(type, out var value) ? value : null)
            .FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
        GrantedScope = tokens.Scope;
        HasRefreshToken = tokens.RefreshToken is not null;
        UserInfoJson = JsonSerializer.Serialize(userInfo, Indented);
        SignOutUrl = QueryHelpers.AddQueryString(FlowUrls.Local(Request, TryItClient.SignoffPath(environmentId)), new Dictionary<string, string?>
        {
            [Parameters.IdTokenHint] = tokens.IdToken,
            [Parameters.PostLogoutRedirectUri] = TryItClient.PostLogoutRedirectUri(Request, environmentId),
        });
    }

    private PageResult ShowProblem(HostedPageProblem problem)
    {
        Problem = problem;
        var page = Page();
        page.StatusCode = problem.StatusCode;
        return page;
    }
}
