using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Handlers;

/// <summary>
/// Sends an error found while validating an authorization request back to the application once its client_id
/// and redirect_uri are verified, in the request's response mode (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6):
/// OpenIddict redirects only errors decided after validation. An unknown client, a missing or unregistered
/// redirect URI, or a resume of no known flow keeps the error page.
/// </summary>
public sealed class RedirectErrorsToVerifiedClients(IOpenIddictApplicationManager applications)
    : IOpenIddictServerHandler<ApplyAuthorizationResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
            .UseScopedHandler<RedirectErrorsToVerifiedClients>()
            // After OpenIddict attached the redirect URI of a valid request, before state and iss are attached to it.
            .SetOrder(OpenIddictServerHandlers.Authentication.InferResponseMode.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ApplyAuthorizationResponseContext context)
    {
        if (!string.IsNullOrEmpty(context.RedirectUri)
            || string.IsNullOrEmpty(context.Response.Error)
            || context.Request is not { } request
            || request.ClientId is not { Length: > 0 } clientId
            || request.RedirectUri is not { Length: > 0 } redirectUri
            || IsUnknownResume(context))
        {
            return;
        }

        // RFC 6749 §4.1.2.1: never redirect to a URI that is not the client's own, registered one.
        if (await applications.FindByClientIdAsync(clientId) is not { } application
            || !await applications.ValidateRedirectUriAsync(application, redirectUri))
        {
            return;
        }

        context.RedirectUri = redirectUri;
        context.ResponseMode = ResponseModeOf(request);
    }

    /// <summary>
    /// The requested response mode when it is one this server speaks and may carry this response type, else the
    /// default of the response type: fragment when it names a token (OAuth 2.0 Multiple Response Type Encoding
    /// Practices §2.1, §5), query otherwise — also for a response type this server does not know.
    /// </summary>
    private static string ResponseModeOf(OpenIddictRequest request)
    {
        var bearsTokens = request.HasResponseType(ResponseTypes.Token) || request.HasResponseType(ResponseTypes.IdToken);
        return request.ResponseMode switch
        {
            ResponseModes.FormPost or ResponseModes.Fragment => request.ResponseMode,
            ResponseModes.Query when !bearsTokens => ResponseModes.Query,
            _ => bearsTokens ? ResponseModes.Fragment : ResponseModes.Query,
        };
    }

    /// <summary>A resume whose flow was not found still holds the resume URL's own parameters, not a request to answer.</summary>
    private static bool IsUnknownResume(ApplyAuthorizationResponseContext context) =>
        context.Transaction.GetHttpRequest() is { } http
        && http.Path.Equals(ResumedFlow.ResumePath, StringComparison.OrdinalIgnoreCase)
        && ResumedFlow.Find(http.HttpContext) is null;
}
