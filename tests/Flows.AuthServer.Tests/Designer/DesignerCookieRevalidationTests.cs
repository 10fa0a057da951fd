using System.Net;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.Designer;

namespace Flows.AuthServer.Tests.Designer;

/// <summary>
/// The designer's cookie is only as good as the administrator behind it: a disabled, deleted or role-less
/// administrator loses the designer at the next request once the revalidation interval has passed (here: every request).
/// </summary>
public sealed class DesignerCookieRevalidationTests(DesignerServerFixture server) : IClassFixture<DesignerServerFixture>
{
    private const string Home = FlowsDesigner.BasePath + "/";

    private ManagementApi Api => new(server.CreateRawClient());

    [Fact]
    public async Task A_disabled_administrators_designer_cookie_is_refused_on_the_next_page_request()
    {
        var admin = await Api.TokenAsync();
        var username = ManagementUsers.UniqueName("designer-disabled");
        var user = await Administrators.CreateAsync(Api, admin, username, ManagementScopes.Read, ManagementScopes.Write);
        using var browser = new Browser(server.BaseAddress);
        await server.SignInToDesignerAsync(browser, username, ManagementUsers.PasswordOf(username));
        using (var page = await browser.GetAsync(Home))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        await Api.PatchAsync(user, admin, new { enabled = false });

        using var refused = await browser.GetAsync(Home);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith($"{server.BaseAddress.GetLeftPart(UriPartial.Authority)}/admin/as/authorize", refused.Headers.Location!.AbsoluteUri);
        Assert.Contains(refused.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith("FlowsDesigner=;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deleted_administrators_designer_cookie_is_refused_on_the_next_page_request()
    {
        var admin = await Api.TokenAsync();
        var username = ManagementUsers.UniqueName("designer-deleted");
        var user = await Administrators.CreateAsync(Api, admin, username, ManagementScopes.Read, ManagementScopes.Write);
        using var browser = new Browser(server.BaseAddress);
        await server.SignInToDesignerAsync(browser, username, ManagementUsers.PasswordOf(username));

        await Api.DeleteAsync(user, admin);

        using var refused = await browser.GetAsync(Home);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
    }

    [Fact]
    public async Task A_user_of_the_admin_environment_without_a_role_is_forbidden_the_designer()
    {
        var admin = await Api.TokenAsync();
        var username = ManagementUsers.UniqueName("designer-no-role");
        await Administrators.CreateAsync(Api, admin, username);
        using var browser = new Browser(server.BaseAddress);
        await server.SignInToDesignerAsync(browser, username, ManagementUsers.PasswordOf(username));

        using var page = await browser.GetAsync(Home);

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
    }

    [Fact]
    public async Task A_read_only_administrator_opens_the_designer()
    {
        var admin = await Api.TokenAsync();
        var username = ManagementUsers.UniqueName("designer-reader");
        await Administrators.CreateAsync(Api, admin, username, ManagementScopes.Read);
        using var browser = new Browser(server.BaseAddress);
        await server.SignInToDesignerAsync(browser, username, ManagementUsers.PasswordOf(username));

        using var page = await browser.GetAsync(Home);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}
