using System.Security.Claims;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Designer;
using Flows.AuthServer.Tests.Management;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Flows.AuthServer.Tests.Designer;

/// <summary>
/// The designer cookie's revalidation at its default pace: within the interval the cookie is trusted as it is (no
/// lookup per request), once it has passed the administrator is looked up and a disabled one is refused.
/// </summary>
public sealed class DesignerCookieValidatorTests(DesignerServerFixture server) : IClassFixture<DesignerServerFixture>
{
    private static readonly TimeSpan Interval = new DesignerOptions().RevalidationInterval;

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_cookie_is_trusted_within_the_interval_and_refused_once_it_passed_after_its_administrator_was_disabled()
    {
        var api = new ManagementApi(server.CreateRawClient());
        var admin = await api.TokenAsync();
        var user = await Administrators.CreateAsync(api, admin, ManagementUsers.UniqueName("cookie-paced"), ManagementScopes.Read, ManagementScopes.Write);
        var validator = new DesignerCookieValidator(
            server.Services.GetRequiredService<DesignerAdministrators>(), Options.Create(new DesignerOptions()), _clock);
        var ticket = Ticket(user);
        var first = await ValidateAsync(validator, ticket);
        Assert.NotNull(first.Principal);

        await api.PatchAsync(user, admin, new { enabled = false });
        _clock.Advance(Interval - TimeSpan.FromSeconds(1));
        var within = await ValidateAsync(validator, ticket);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var after = await ValidateAsync(validator, ticket);

        Assert.NotNull(within.Principal);
        Assert.Null(after.Principal);
    }

    [Fact]
    public async Task Roles_changed_since_the_sign_in_are_written_into_the_cookie()
    {
        var api = new ManagementApi(server.CreateRawClient());
        var admin = await api.TokenAsync();
        var user = await Administrators.CreateAsync(api, admin, ManagementUsers.UniqueName("cookie-demoted"), ManagementScopes.Read, ManagementScopes.Write);
        await api.PatchAsync(user, admin, new { groups = new[] { ManagementScopes.Read } });
        var validator = new DesignerCookieValidator(
            server.Services.GetRequiredService<DesignerAdministrators>(), Options.Create(new DesignerOptions()), _clock);

        var validated = await ValidateAsync(validator, Ticket(user));

        Assert.True(validated.ShouldRenew);
        Assert.Equal([ManagementRoles.Read], DesignerAdministrators.RolesOf(validated.Principal!));
    }

    /// <summary>A cookie's ticket as the sign-in left it: the administrator with both roles.</summary>
    private static AuthenticationTicket Ticket(string userPath)
    {
        var identity = new ClaimsIdentity(
            [new Claim("sub", userPath[(userPath.LastIndexOf('/') + 1)..]), new Claim("role", ManagementRoles.Read), new Claim("role", ManagementRoles.Write)],
            DesignerAuthentication.CookieScheme);
        return new AuthenticationTicket(new ClaimsPrincipal(identity), new AuthenticationProperties(), DesignerAuthentication.CookieScheme);
    }

    /// <summary>One request with the cookie; the ticket keeps what the validation wrote into its properties, as a renewed cookie would.</summary>
    private async Task<CookieValidatePrincipalContext> ValidateAsync(DesignerCookieValidator validator, AuthenticationTicket ticket)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var scheme = new AuthenticationScheme(DesignerAuthentication.CookieScheme, null, typeof(CookieAuthenticationHandler));
        var context = new CookieValidatePrincipalContext(http, scheme, new CookieAuthenticationOptions(), ticket);
        await validator.ValidateAsync(context);
        return context;
    }
}
