using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Designer;

/// <summary>
/// Keeps the designer's cookie only as good as the administrator behind it, as ASP.NET Core Identity's
/// SecurityStampValidator does for its cookie: at most every <see cref="DesignerOptions.RevalidationInterval"/> the
/// administrator is looked up again; one who was disabled or deleted is signed out, changed roles are written into
/// the cookie. The sign-in itself records the roles held at that moment.
/// </summary>
public sealed class DesignerCookieValidator(DesignerAdministrators administrators, IOptions<DesignerOptions> options, TimeProvider clock)
{
    private const string ValidatedAtKey = ".flows.validated";

    /// <summary>At sign-in: the administrator's roles become claims of the cookie.</summary>
    public async Task OnSignedInAsync(TokenValidatedContext context)
    {
        if (context.Principal is not { } principal)
        {
            return;
        }

        var roles = await administrators.FindRolesAsync(principal, context.HttpContext.RequestAborted) ?? [];
        context.Principal = DesignerAdministrators.WithRoles(principal, roles);
        if (context.Properties is { } properties)
        {
            properties.Items[ValidatedAtKey] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>On every request with the cookie: looks the administrator up again once the interval has passed.</summary>
    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var now = clock.GetUtcNow();
        if (context.Principal is not { } principal || ValidatedRecently(context, now))
        {
            return;
        }

        if (await administrators.FindRolesAsync(principal, context.HttpContext.RequestAborted) is not { } roles)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(DesignerAuthentication.CookieScheme);
            return;
        }

        if (!roles.SequenceEqual(DesignerAdministrators.RolesOf(principal)))
        {
            context.ReplacePrincipal(DesignerAdministrators.WithRoles(principal, roles));
        }

        context.Properties.Items[ValidatedAtKey] = now.ToString("O", CultureInfo.InvariantCulture);
        context.ShouldRenew = true;
    }

    private bool ValidatedRecently(CookieValidatePrincipalContext context, DateTimeOffset now) =>
        options.Value.RevalidationInterval > TimeSpan.Zero
        && context.Properties.Items.TryGetValue(ValidatedAtKey, out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var validatedAt)
        && now - validatedAt < options.Value.RevalidationInterval;
}
