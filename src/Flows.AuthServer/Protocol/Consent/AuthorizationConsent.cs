using System.Security.Claims;
using Flows.Activities;
using Flows.AuthServer.Applications;
using Flows.AuthServer.Consents;
using Flows.AuthServer.Data;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Protocol.Consent;

/// <summary>
/// What an authorization request of a third-party application needs of its user's consent: none for the environment's
/// own applications; else a remembered consent that covers its scopes, or a consent step in its flow (always with
/// prompt=consent, OIDC Core §3.1.2.1). The tokens it answers with belong to the consent, so revoking it ends them.
/// </summary>
public sealed class AuthorizationConsent(ConsentService consents)
{
    public static bool Applies(FlowsApplication application) => ApplicationConsent.IsThirdParty(application.ConsentType);

    /// <summary>Whether the user may be signed in to the application without being asked (SSO).</summary>
    public async Task<bool> AnswersSilentlyAsync(
        FlowsApplication application, string userId, OpenIddictRequest request, CancellationToken cancellationToken) =>
        !Applies(application)
        || (!request.HasPromptValue(PromptValues.Consent)
            && await consents.FindCoveringAsync(application, userId, [.. request.GetScopes()], cancellationToken) is not null);

    /// <summary>The consent step the application's flow asks, or null for the environment's own applications.</summary>
    public static ConsentRequest? RequestFor(FlowsApplication application, OpenIddictRequest request) =>
        Applies(application)
            ? new ConsentRequest(application.DisplayName ?? application.ClientId!, ConsentScopes.Describe(request.GetScopes()),
                request.HasPromptValue(PromptValues.Consent))
            : null;

    /// <summary>
    /// Ties the tokens to the user's consent: the one just <paramref name="granted"/>, stored now, else the remembered one.
    /// </summary>
    public async Task AttachAsync(
        ClaimsPrincipal principal, FlowsApplication application, string userId, bool granted, CancellationToken cancellationToken)
    {
        if (!Applies(application))
        {
            return;
        }

        var scopes = principal.GetScopes();
        var consent = granted
            ? await consents.GrantAsync(principal, application, userId, scopes, cancellationToken)
            : await consents.FindCoveringAsync(application, userId, scopes, cancellationToken);
        principal.SetAuthorizationId(consent);
    }
}
