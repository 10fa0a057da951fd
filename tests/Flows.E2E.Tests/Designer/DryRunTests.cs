using System.Text.Json;
using Flows.AuthServer.Data;
using Flows.E2E.Tests.Browser;
using Flows.E2E.Tests.Server;
using Flows.E2E.Tests.SignOn;
using Flows.Engine.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flows.E2E.Tests.Designer;

/// <summary>
/// A dry run of the shipped MFA flow in the designer, in chromium, as the real user Ada: right password, wrong code,
/// right code. The canvas lights the path up, the panel says the run would sign in with mfa, and Ada is untouched.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DryRunTests(BrowserFixture browser, AuthServerFixture server)
{
    [Fact]
    public async Task A_dry_run_of_the_mfa_flow_with_a_wrong_then_right_code_lights_up_the_path_and_leaves_the_user_untouched()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 860);
        await page.GotoAsync(server.Url("/designer/"));
        await new HostedPages(page, server).SignInAsAdministratorAsync();
        await page.GotoAsync(server.Url("/designer/flows/password-then-otp"));
        await Expect(page.Locator(".flow-canvas[data-fitted=true]")).ToBeVisibleAsync();
        var (adaId, adaBefore, instancesBefore) = await ReadAdaAsync();

        await page.Locator(".dry-run-button").ClickAsync();
        await page.Locator(".real-user").ClickAsync();
        await page.Locator(".dry-run-user-id input").FillAsync(adaId);
        await page.Locator(".dry-run-start").ClickAsync();
        await Expect(page.Locator(".dry-run-prompt-status")).ToHaveTextAsync("USERNAME_PASSWORD_REQUIRED");
        await Expect(page.Locator(".flow-node[data-node-id=password]")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-waiting"));

        await page.Locator(".dry-run-right").ClickAsync();
        await ExpectOrTellAsync(page, () => Expect(page.Locator(".dry-run-prompt-status")).ToHaveTextAsync("OTP_REQUIRED"));
        await page.Locator(".dry-run-wrong").ClickAsync();
        await Expect(page.Locator(".dry-run-prompt-error")).ToContainTextAsync("INVALID_OTP");
        await Expect(page.Locator(".flow-node[data-node-id=otp]")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-waiting"));
        await Screenshots.SaveAsync(page, "1-wrong-code");
        await page.Locator(".dry-run-right").ClickAsync();

        await Expect(page.Locator(".dry-run-ended")).ToHaveAttributeAsync("data-ended", "completed");
        await Expect(page.Locator(".dry-run-amr")).ToHaveTextAsync("pwd otp mfa");
        foreach (var node in new[] { "password", "hasMfaDevice", "otp", "signInWithMfa" })
        {
            await Expect(page.Locator($".flow-node[data-node-id={node}]")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("was-run"));
        }

        await Expect(page.Locator(".flow-node[data-node-id=otp] .flow-node-dry-run")).ToHaveTextAsync("→ success");
        await Expect(page.Locator(".flow-node[data-node-id=signInWithPassword]")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("was-run"));
        await Expect(page.Locator(".dry-run-effect")).ToContainTextAsync(["Wrong code", "Right code"]);
        await Screenshots.SaveAsync(page, "2-signed-in");

        var (_, adaAfter, instancesAfter) = await ReadAdaAsync();
        Assert.Equal(adaBefore, adaAfter);
        Assert.Equal(instancesBefore, instancesAfter);
    }

    /// <summary>The expectation, or a failure that tells what the panel shows.</summary>
    private static async Task ExpectOrTellAsync(IPage page, Func<Task> expectation)
    {
        try
        {
            await expectation();
        }
        catch (PlaywrightException exception)
        {
            throw new InvalidOperationException(await page.Locator(".dry-run-panel").InnerTextAsync(), exception);
        }
    }

    /// <summary>Ada's row as stored (lockout counts, last used code step …) and how many flow instances exist.</summary>
    private async Task<(string Id, string Row, int Instances)> ReadAdaAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        var ada = await db.Users.AsNoTracking().SingleAsync(u => u.EnvironmentId == E2EEnvironment.Id && u.Username == E2EEnvironment.Ada.Username);
        await using var flows = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<FlowsDbContext>>().CreateDbContextAsync();
        return (ada.Id, JsonSerializer.Serialize(ada), await flows.Instances.CountAsync());
    }
}
