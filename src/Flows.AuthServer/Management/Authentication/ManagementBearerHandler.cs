using System.Security.Claims;
using System.Text.Encodings.Web;
using Flows.AuthServer.Administration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Management.Authentication;

/// <summary>
/// The <c>/v1</c> authentication scheme: a bearer access token of the admin environment (RFC 6750). Answers
/// 401 with <c>WWW-Authenticate: Bearer</c> when the token is missing or not valid, 403 when its scopes do not
/// allow the request, both with a problem body. A token whose grant was revoked since (<see cref="ManagementGrantValidator"/>)
/// is not valid.
/// </summary>
public sealed class ManagementBearerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ManagementTokenValidator validator, ManagementGrantValidator grants)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "FlowsManagement";

    private const string Bearer = TokenTypes.Bearer;
    private const string BearerPrefix = Bearer + " ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Token() is not { } token)
        {
            return AuthenticateResult.NoResult();
        }

        var identity = await validator.ValidateAsync(token, ManagementTokenValidator.AdminIssuer(Request), Scheme.Name);
        if (identity is not null)
        {
            identity = await grants.ValidateAsync(identity, Context.RequestAborted);
        }

        return identity is null
            ? AuthenticateResult.Fail("The bearer token is not a valid admin access token.")
            : AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // RFC 6750 §3.1: a request without a token gets no error code; a bad token gets invalid_token.
        var tokenPresent = Token() is not null;
        Response.Headers.Append(HeaderNames.WWWAuthenticate, tokenPresent ? $"{Bearer} error=\"{Errors.InvalidToken}\"" : Bearer);
        await ManagementProblems.MissingOrInvalidToken(tokenPresent).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var scope = RequiresWrite() ? ManagementScopes.Write : ManagementScopes.Read;
        Response.Headers.Append(HeaderNames.WWWAuthenticate, $"{Bearer} error=\"{Errors.InsufficientScope}\", scope=\"{scope}\"");
        await ManagementProblems.ScopeMissing(scope).ExecuteAsync(Context);
    }

    private string? Token()
    {
        var header = Request.Headers.Authorization.ToString();
        return header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) && header[BearerPrefix.Length..].Trim() is { Length: > 0 } token
            ? token
            : null;
    }

    private bool RequiresWrite() =>
        Context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(data => data.Policy == ManagementScopes.Write) == true;
}
