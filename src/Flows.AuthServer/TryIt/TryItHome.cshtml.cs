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
/// <c>/{env}/try</c>: the built-in test client's start page, and <c>/{env}/try/start</c>, which sends the browser
/// to the environment's authorization endpoint (code flow, PKCE S256, state and nonce).
/// </summary>
public sealed class TryItHomeModel(EnvironmentContext environments, IOpenIddictApplicationManager applications, TryItRequestCookie cookie)
    : PageModel, IProblemPage
{
    public HostedPageProblem? Problem { get; private set; }

    public string ContinueUrl => StartUrl;

    public string ContinueLabel => TryItClient.StartAgainLabel;

    public string StartUrl => FlowUrls.Local(Request, TryItClient.StartPath(environments.Current?.Id ?? ""));

    public async Task<IActionResult> OnGetAsync() =>
        await FindProblemAsync() is { } problem ? ShowProblem(problem) : Page();

    public async Task<IActionResult> OnGetStartAsync()
    {
        if (await FindProblemAsync() is { } problem)
        {
            return ShowProblem(problem);
        }

        var environmentId = environments.Required.Id;
        var request = TryItAuthorizationRequest.New();
        cookie.Write(HttpContext, environmentId, request);
        return Redirect(QueryHelpers.AddQueryString(FlowUrls.Local(Request, TryItClient.AuthorizePath(environmentId)), new Dictionary<string, string?>
        {
            [Parameters.ResponseType] = ResponseTypes.Code,
            [Parameters.ClientId] = TryItClient.ClientId,
            [Parameters.RedirectUri] = TryItClient.RedirectUri(Request, environmentId),
            [Parameters.Scope] = TryItClient.Scope,
            [Parameters.State] = request.State,
            [Parameters.Nonce] = request.Nonce,
            [Parameters.CodeChallenge] = request.CodeChallenge,
            [Parameters.CodeChallengeMethod] = CodeChallengeMethods.Sha256,
        }));
    }

    private Task<HostedPageProblem?> FindProblemAsync() =>
        TryItAvailability.FindProblemAsync(environments, applications, HttpContext.RequestAborted);

    private PageResult ShowProblem(HostedPageProblem problem)
    {
        Problem = problem;
        var page = Page();
        page.StatusCode = problem.StatusCode;
        return page;
    }
}
