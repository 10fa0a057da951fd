using Flows.AuthServer.Administration;
using Flows.AuthServer.Failures;
using Flows.AuthServer.SignOn;
using Flows.Designer;
using Flows.Designer.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Designer;

/// <summary>
/// The designer signs in like any other application of the admin environment: authorization code + PKCE
/// against this server's own <c>/admin/as</c>, then a cookie scoped to <c>/designer</c> that carries the administrator's
/// <see cref="ManagementRoles"/> and is revalidated against the admin environment (<see cref="DesignerCookieValidator"/>).
/// The roles decide the policies: <see cref="Policy"/> and <see cref="DesignerPolicies.Read"/> need either,
/// <see cref="DesignerPolicies.Write"/> the write role.
/// </summary>
public static class DesignerAuthentication
{
    public const string CookieScheme = "Designer";
    public const string OidcScheme = "DesignerOidc";
    public const string Policy = "Designer";
    public const string ClientId = "flows-designer";

    /// <summary>Relative to the designer branch, whose path base is <see cref="FlowsDesigner.BasePath"/>.</summary>
    public const string CallbackPath = "/signin-oidc";

    public const string SignedOutCallbackPath = "/signout-callback-oidc";

    public static IServiceCollection AddDesignerAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddCookie(CookieScheme, options =>
            {
                options.Cookie.Name = "FlowsDesigner";
                options.Cookie.Path = FlowsDesigner.BasePath;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.ForwardChallenge = OidcScheme;
                options.Events.OnValidatePrincipal = context =>
                    context.HttpContext.RequestServices.GetRequiredService<DesignerCookieValidator>().ValidateAsync(context);

                // A signed-in user of the admin environment without a role: 403 here, not a redirect to a page that does not exist.
                options.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            })
            .AddOpenIdConnect(OidcScheme, options =>
            {
                options.SignInScheme = CookieScheme;
                options.ClientId = ClientId;
                options.ResponseType = OpenIdConnectResponseType.Code;

                // The code comes back on a top-level GET, so the correlation and nonce cookies can be SameSite=Lax and
                // work on plain http on loopback too (SameSite=None would demand Secure).
                options.ResponseMode = OpenIdConnectResponseMode.Query;
                options.UsePkce = true;

                // Not pushed (RFC 9126), though discovery offers it: a refused pushed request throws out of the
                // challenge (a 500), where a refused redirect shows the authorization server's own error page.
                options.PushedAuthorizationBehavior = PushedAuthorizationBehavior.Disable;
                options.Scope.Clear();
                options.Scope.Add(Scopes.OpenId);
                options.Scope.Add(Scopes.Profile);
                options.MapInboundClaims = false;
                options.GetClaimsFromUserInfoEndpoint = false;
                options.SaveTokens = true;
                options.TokenValidationParameters.NameClaimType = Claims.PreferredUsername;
                options.Events.OnTokenValidated = context =>
                    context.HttpContext.RequestServices.GetRequiredService<DesignerCookieValidator>().OnSignedInAsync(context);
                options.Events.OnRemoteFailure = ShowFailedSignInAsync;

                options.CallbackPath = CallbackPath;
                options.SignedOutCallbackPath = SignedOutCallbackPath;
                foreach (var cookie in new[] { options.CorrelationCookie, options.NonceCookie })
                {
                    cookie.Path = FlowsDesigner.BasePath;
                    cookie.SameSite = SameSiteMode.Lax;
                    cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                }
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).Configure<DesignerPublicUrl>((options, url) =>
            options.Cookie.Path = url.DesignerPath);
        services.AddOptions<OpenIdConnectOptions>(OidcScheme).Configure<DesignerPublicUrl>((options, url) =>
        {
            options.Authority = url.Authority;
            options.CorrelationCookie.Path = url.DesignerPath;
            options.NonceCookie.Path = url.DesignerPath;
            options.RequireHttpsMetadata = url.IsHttps;

            // The redirect URIs are the registered ones, whatever Host header or path base the request came with.
            options.Events.OnRedirectToIdentityProvider = context =>
            {
                context.ProtocolMessage.RedirectUri = url.Url(FlowsDesigner.BasePath + CallbackPath);
                return Task.CompletedTask;
            };
            options.Events.OnRedirectToIdentityProviderForSignOut = context =>
            {
                context.ProtocolMessage.PostLogoutRedirectUri = url.Url(FlowsDesigner.BasePath + SignedOutCallbackPath);
                return Task.CompletedTask;
            };

            // The handler answers its callback path wherever authentication runs; only the designer branch's counts.
            options.Events.OnMessageReceived = context =>
            {
                if (context.Request.PathBase != url.DesignerPath)
                {
                    context.SkipHandler();
                }

                return Task.CompletedTask;
            };
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(CookieScheme).RequireAuthenticatedUser()
                .RequireClaim(ManagementRoles.ClaimType, ManagementRoles.All))
            .AddPolicy(DesignerPolicies.Read, policy => policy.RequireAuthenticatedUser().RequireClaim(ManagementRoles.ClaimType, ManagementRoles.All))
            .AddPolicy(DesignerPolicies.Write, policy => policy.RequireAuthenticatedUser().RequireClaim(ManagementRoles.ClaimType, ManagementRoles.Write));
        return services;
    }

    /// <summary>
    /// A callback that completes no sign-in — a forged, replayed or expired state, an error answer, a code that does not
    /// redeem — is the caller's, not a fault of the server's: a page that leads back to the designer, and a warning.
    /// </summary>
    private static async Task ShowFailedSignInAsync(RemoteFailureContext context)
    {
        context.HandleResponse();
        context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DesignerAuthentication).FullName!)
            .LogWarning("The designer's sign-in callback was refused: {Failure}", context.Failure?.Message);
        await MessagePage.Render("", HostedPageProblem.Of(ErrorCatalog.SignInNotCompleted)).ExecuteAsync(context.HttpContext);
    }
}
