using Flows.Activities;
using Flows.E2E.Tests.Browser;
using Flows.E2E.Tests.Server;
using Flows.E2E.Tests.SignOn;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flows.E2E.Tests.Designer;

/// <summary>
/// An administrator opens /designer: signs in through the admin environment's hosted page (authorization code +
/// PKCE back to the designer), edits a shipped flow on the canvas, and finds a waiting sign-in in the operator console.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DesignerTests(BrowserFixture browser, AuthServerFixture server)
{
    [Fact]
    public async Task An_administrator_signs_in_edits_a_shipped_flow_and_inspects_a_waiting_sign_in()
    {
        // Someone starts signing in to the e2e environment and stops at the password page: a suspended instance.
        await using (var userContext = await browser.NewContextAsync())
        {
            var userPage = await userContext.NewPageAsync();
            await new HostedPages(userPage, server).StartAtTryItAsync();
        }

        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var pages = new HostedPages(page, server);

        // Unauthenticated, the designer sends the browser to the admin environment's sign-on page: password and authenticator.
        await page.GotoAsync(server.Url("/designer/"));
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/signon"));
        await pages.SignInAsAdministratorAsync();

        // Back on the designer: the flows of the selected environment.
        await Expect(page).ToHaveURLAsync(server.Url("/designer/"));
        await Expect(page.Locator(".flow-table")).ToContainTextAsync("password-then-otp");
        await Expect(page.Locator(".signed-in-user")).ToHaveTextAsync("admin");
        await Screenshots.SaveAsync(page, "1-flows");

        // The editor draws every node of the shipped flow, one output port per outcome, and no problem. The link is
        // clicked as soon as it shows: the designer does not prerender, so a link on screen is the interactive router's.
        var edit = page.Locator(".flow-table tr", new() { HasText = "Password, then one-time password" }).GetByRole(AriaRole.Link, new() { Name = "Edit" });
        await Expect(edit).ToHaveAttributeAsync("href", "flows/password-then-otp");
        await edit.ClickAsync();
        await Expect(page).ToHaveURLAsync(server.Url("/designer/flows/password-then-otp"));
        await Expect(page.Locator(".flow-node")).ToHaveCountAsync(10);
        await Expect(page.Locator(".flow-node[data-node-id=otp] .flow-node-outcome")).ToHaveCountAsync(3);
        await Expect(page.Locator(".valid-message")).ToBeVisibleAsync();
        await Expect(page.Locator(".flow-canvas[data-fitted=true]")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "2-editor");

        // A node added from the palette has unconnected outcomes: the canvas marks it, undo takes it away.
        await page.Locator(".activity-palette-item[data-activity=Deny]").ClickAsync();
        await Expect(page.Locator(".flow-node.has-problems[data-node-id=deny]")).ToBeVisibleAsync();
        await Expect(page.Locator(".publish-button")).ToBeDisabledAsync();
        await Screenshots.SaveAsync(page, "3-added-node");

        // Fit to view right after the add (the new node is selected and not yet measured) shows it, at a readable zoom.
        await page.Locator(".fit-button").ClickAsync();
        await ExpectNodeInsideTheCanvasAsync(page, "deny");
        await page.Locator(".undo-button").ClickAsync();
        await Expect(page.Locator(".flow-node")).ToHaveCountAsync(10);
        await Expect(page.Locator(".flow-node.has-problems")).ToHaveCountAsync(0);

        // The operator console lists the waiting sign-in; its page shows where it waits.
        await page.GetByRole(AriaRole.Link, new() { Name = "Operator console" }).ClickAsync();
        var row = page.Locator("tr.instance-row").First;
        await Expect(row).ToContainTextAsync(FlowStatuses.UsernamePasswordRequired);
        await Screenshots.SaveAsync(page, "4-console");
        await row.ClickAsync();
        await Expect(page.Locator(".flow-node.is-waiting")).ToHaveCountAsync(1);
        await Expect(page.Locator(".journal-step")).Not.ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "5-instance");

        // Signing out ends the admin session too: the designer asks for the password again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/signon"));
        Assert.DoesNotContain(await context.CookiesAsync(), cookie => cookie.Name == "FlowsDesigner");
    }

    /// <summary>Waits (fitting waits for the browser's sizes) until the node's box lies within the canvas's.</summary>
    internal static async Task ExpectNodeInsideTheCanvasAsync(IPage page, string nodeId)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var canvas = (await page.Locator(".flow-canvas").BoundingBoxAsync())!;
            var box = await page.Locator($".flow-node[data-node-id={nodeId}]").BoundingBoxAsync();
            if (box is not null && box.X >= canvas.X && box.Y >= canvas.Y
                && box.X + box.Width <= canvas.X + canvas.Width && box.Y + box.Height <= canvas.Y + canvas.Height)
            {
                return;
            }

            await page.WaitForTimeoutAsync(100);
        }

        Assert.Fail($"The node '{nodeId}' is outside the canvas.");
    }

    /// <summary>Waits (fitting waits for the browser's sizes) until every node's box lies within the canvas's.</summary>
    internal static async Task ExpectEveryNodeInsideTheCanvasAsync(IPage page)
    {
        var outside = new List<string>();
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var canvas = (await page.Locator(".flow-canvas").BoundingBoxAsync())!;
            outside.Clear();
            foreach (var node in await page.Locator(".flow-node").AllAsync())
            {
                var box = await node.BoundingBoxAsync();
                if (box is null || box.X < canvas.X || box.Y < canvas.Y
                    || box.X + box.Width > canvas.X + canvas.Width || box.Y + box.Height > canvas.Y + canvas.Height)
                {
                    outside.Add(await node.GetAttributeAsync("data-node-id") ?? "?");
                }
            }

            if (outside.Count == 0)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Outside the canvas after fitting: {string.Join(", ", outside)}");
    }

    [Fact]
    public async Task Signing_out_takes_a_post_with_the_antiforgery_token()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(server.Url("/designer/"));
        await new HostedPages(page, server).SignInAsAdministratorAsync();
        await Expect(page.Locator(".signed-in-user")).ToHaveTextAsync("admin");

        // A link or an image on another site (a GET) or its form (a POST without the token) signs no one out.
        var get = await context.APIRequest.GetAsync(server.Url("/designer/signout"), new() { MaxRedirects = 0 });
        var post = await context.APIRequest.PostAsync(server.Url("/designer/signout"),
            new() { MaxRedirects = 0, Form = context.APIRequest.CreateFormData().Set("x", "1") });

        Assert.Equal(404, get.Status);
        Assert.Equal(400, post.Status);
        Assert.Contains(await context.CookiesAsync(), cookie => cookie.Name == "FlowsDesigner");
        await page.ReloadAsync();
        await Expect(page.Locator(".signed-in-user")).ToHaveTextAsync("admin");
    }

    [Fact]
    public async Task Nothing_under_designer_answers_without_signing_in()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        foreach (var path in new[] { "/designer/", "/designer/instances", "/designer/_blazor/negotiate?negotiateVersion=1", "/designer/_framework/blazor.web.js" })
        {
            var response = await client.GetAsync(server.Url(path));

            Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith(server.Url("/admin/as/authorize?client_id=flows-designer"), response.Headers.Location!.AbsoluteUri);
        }
    }
}
