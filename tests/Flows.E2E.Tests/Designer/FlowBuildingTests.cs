using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Flows.E2E.Tests.Browser;
using Flows.E2E.Tests.Server;
using Flows.E2E.Tests.SignOn;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flows.E2E.Tests.Designer;

/// <summary>
/// An administrator builds a password-then-OTP flow from the palette in the designer, publishes it and binds an
/// application to it; a user then signs in through that application, and the operator console shows the run.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FlowBuildingTests(BrowserFixture browser, AuthServerFixture server)
{
    private const string FlowId = "mfa-built";
    private const string FlowName = "MFA built in the designer";

    [Fact]
    public async Task An_administrator_builds_a_password_then_otp_flow_from_the_palette_and_a_user_signs_in_through_it()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(1600, 1000);
        await SignInToDesignerAsync(page);

        // A new flow: an empty draft, opened in the editor.
        await page.Locator(".new-flow-button").ClickAsync();
        await page.Locator(".flow-id-field input").FillAsync(FlowId);
        await page.Locator(".flow-name-field input").FillAsync(FlowName);
        await page.Locator(".flow-id-confirm").ClickAsync();
        await Expect(page).ToHaveURLAsync(server.Url($"/designer/flows/{FlowId}"));
        await Expect(page.Locator(".flow-canvas[data-fitted=true] .diagram-canvas")).ToBeVisibleAsync();

        // Four activities dragged from the palette onto the canvas; the first becomes the start.
        await DropAsync(page, "AskForUsernamePassword", 40, 40);
        await DropAsync(page, "AskForOtp", 300, 40);
        await DropAsync(page, "SignIn", 560, 40);

        // Properties in the panel of the node just dropped (the editor selects it): the MFA sign-in's acr, the denial's message.
        await SetPropertyAsync(page, "signIn", "acr", "mfa");
        await DropAsync(page, "Deny", 300, 330);
        await SetPropertyAsync(page, "deny", "message", "You cannot sign in here. Contact your administrator.");
        await Expect(page.Locator(".flow-node")).ToHaveCountAsync(4);

        // Every outcome connected by dragging from its port to the next node's input.
        var links = 0;
        foreach (var (from, outcome, to) in new[]
        {
            ("askForUsernamePassword", "success", "askForOtp"),
            ("askForUsernamePassword", "lockedOut", "deny"),
            ("askForUsernamePassword", "disabled", "deny"),
            ("askForUsernamePassword", "mustChangePassword", "deny"),
            ("askForOtp", "success", "signIn"),
            ("askForOtp", "tooManyAttempts", "deny"),
            ("askForOtp", "noDevice", "deny"),
        })
        {
            await ConnectAsync(page, from, outcome, to);
            await Expect(page.Locator(".diagram-link")).ToHaveCountAsync(++links);
        }

        await Expect(page.Locator(".valid-message")).ToBeVisibleAsync();
        await Expect(page.Locator(".flow-node.has-problems")).ToHaveCountAsync(0);
        await page.Locator(".layout-button").ClickAsync();
        await page.Mouse.MoveAsync(700, 980);
        await Screenshots.SaveAsync(page, "1-built-flow");

        // Saved, then published with a note.
        await page.Locator(".save-button").ClickAsync();
        await Expect(page.Locator(".unsaved-chip")).ToHaveCountAsync(0);
        await page.Locator(".publish-button").ClickAsync();
        await page.Locator(".publish-note input").FillAsync("Password, then a code from the authenticator");
        await page.Locator(".publish-confirm").ClickAsync();
        await Expect(page.Locator(".mud-snackbar", new() { HasText = "Published version 1." })).ToBeVisibleAsync();

        // The application runs it from now on.
        await page.GetByRole(AriaRole.Link, new() { Name = "Applications" }).ClickAsync();
        var application = page.Locator(".application-table tr", new() { HasText = E2EEnvironment.DesignerBuiltClientId });
        await application.Locator(".mud-select").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = FlowName }).ClickAsync();
        await application.GetByRole(AriaRole.Button, new() { Name = "Bind" }).ClickAsync();
        await Expect(page.Locator(".mud-snackbar", new() { HasText = $"now runs {FlowId}" })).ToBeVisibleAsync();

        // The flow list tells which application uses it and what is published.
        await page.GetByRole(AriaRole.Link, new() { Name = "Flows" }).ClickAsync();
        var row = page.Locator(".flow-table tr", new() { HasText = FlowId });
        await Expect(row).ToContainTextAsync("v1");
        await Expect(row.Locator(".flow-application")).ToContainTextAsync("Built in the designer");
        await Screenshots.SaveAsync(page, "2-flow-list");

        // Export downloads the flow as the JSON import reads.
        var download = await page.RunAndWaitForDownloadAsync(() => row.Locator(".export-button").ClickAsync());
        Assert.Equal($"{FlowId}.json", download.SuggestedFilename);
        var exported = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("\"askForOtp\"", exported);

        // A user signs in through the application: password, then the code, and the application gets a code.
        var code = await SignInThroughBuiltApplicationAsync(context, E2EEnvironment.Hedy);
        Assert.False(string.IsNullOrEmpty(code));

        // The operator console shows that run, and its journal has both steps.
        await page.GetByRole(AriaRole.Link, new() { Name = "Operator console" }).ClickAsync();
        await page.Locator(".filter-status").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Completed" }).ClickAsync();
        await page.Mouse.MoveAsync(700, 980);
        var run = page.Locator("tr.instance-row", new() { HasText = $"{FlowId} v1" }).First;
        await Expect(run).ToContainTextAsync(E2EEnvironment.DesignerBuiltClientId);
        await Screenshots.SaveAsync(page, "3-console");
        await run.ClickAsync();
        await Expect(page.Locator(".journal-step[data-node=askForUsernamePassword]").First).ToBeVisibleAsync();
        await Expect(page.Locator(".journal-step[data-node=askForOtp]").First).ToBeVisibleAsync();
        await Expect(page.Locator(".journal-step[data-node=signIn]").First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "4-instance");
    }

    [Fact]
    public async Task Fit_to_view_keeps_the_first_node_dropped_on_a_new_flow_in_view()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(1600, 1000);
        await SignInToDesignerAsync(page);
        await page.Locator(".new-flow-button").ClickAsync();
        await page.Locator(".flow-id-field input").FillAsync("fit-check");
        await page.Locator(".flow-name-field input").FillAsync("Fit check");
        await page.Locator(".flow-id-confirm").ClickAsync();
        await Expect(page.Locator(".flow-canvas[data-fitted=true] .diagram-canvas")).ToBeVisibleAsync();

        // One node is far smaller than the canvas: the fit caps the zoom at natural size and must pan for that zoom.
        await DropAsync(page, "AskForUsernamePassword", 500, 300);
        await page.Locator(".fit-button").ClickAsync();

        await DesignerTests.ExpectEveryNodeInsideTheCanvasAsync(page);
    }

    private async Task SignInToDesignerAsync(IPage page)
    {
        await page.GotoAsync(server.Url("/designer/"));
        await Expect(page).ToHaveURLAsync(new Regex("/admin/signon"));
        await new HostedPages(page, server).SignInAsAdministratorAsync();
        await Expect(page).ToHaveURLAsync(server.Url("/designer/"));
        await Expect(page.Locator(".flow-table")).ToBeVisibleAsync();

        // The buttons answer once the circuit renders the page, not while it is still the prerendered copy.
        await Expect(page.Locator(".signed-in-user")).ToHaveTextAsync("admin");
        await Expect(page.Locator(".flow-list-toolbar[data-interactive=true]")).ToBeVisibleAsync();
    }

    /// <summary>Drags a palette entry onto the canvas at a point of the canvas.</summary>
    private static async Task DropAsync(IPage page, string activity, int x, int y)
    {
        var count = await page.Locator(".flow-node").CountAsync();
        await page.Locator($".activity-palette-item[data-activity={activity}]")
            .DragToAsync(page.Locator(".flow-canvas"), new() { TargetPosition = new() { X = x, Y = y } });
        await Expect(page.Locator(".flow-node")).ToHaveCountAsync(count + 1);
    }

    private static async Task SetPropertyAsync(IPage page, string node, string property, string value)
    {
        await Expect(page.Locator(".property-panel input[readonly]").First).ToHaveValueAsync(node);
        var field = page.Locator($".property-panel .property-field[data-property={property}]").Locator("input, textarea").First;
        await field.FillAsync(value);
        await field.PressAsync("Tab");
        await Expect(field).ToHaveValueAsync(value);
    }

    /// <summary>Presses the mouse on an outcome's port and releases it over the target node's input port, in steps as a hand would.</summary>
    private static async Task ConnectAsync(IPage page, string from, string outcome, string to)
    {
        var source = await BoxAsync(page.Locator($".flow-node[data-node-id={from}] .flow-node-outcome[data-outcome={outcome}] .flow-port-out"));
        var target = await BoxAsync(page.Locator($".flow-node[data-node-id={to}] .flow-port-in"));
        await page.Mouse.MoveAsync(source.X + source.Width / 2, source.Y + source.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(target.X + target.Width / 2, target.Y + target.Height / 2, new() { Steps = 12 });
        await page.Mouse.UpAsync();
    }

    /// <summary>
    /// Where an element is, once it stays put: the canvas redraws its nodes after each connection, and a box read
    /// mid-redraw can be one frame old, so the box counts only when two reads 100 ms apart agree.
    /// </summary>
    private static async Task<LocatorBoundingBoxResult> BoxAsync(ILocator element)
    {
        LocatorBoundingBoxResult? previous = null;
        for (var attempt = 0; attempt < 30; attempt++)
        {
            await Expect(element).ToBeVisibleAsync();
            var box = await element.BoundingBoxAsync();
            if (box is not null && previous is not null
                && (box.X, box.Y, box.Width, box.Height) == (previous.X, previous.Y, previous.Width, previous.Height))
            {
                return box;
            }

            previous = box;
            await Task.Delay(100);
        }

        throw new InvalidOperationException($"{element} did not settle on the canvas.");
    }

    /// <summary>Authorization code with PKCE through the hosted pages; returns the code the application receives.</summary>
    private async Task<string> SignInThroughBuiltApplicationAsync(IBrowserContext context, E2EUser user)
    {
        var page = await context.NewPageAsync();
        var callback = server.Url(E2EEnvironment.DesignerBuiltCallbackPath);

        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var query = string.Join("&", new Dictionary<string, string>
        {
            ["client_id"] = E2EEnvironment.DesignerBuiltClientId,
            ["redirect_uri"] = callback,
            ["response_type"] = "code",
            ["scope"] = "openid profile",
            ["state"] = "designer-built-state",
            ["nonce"] = "designer-built-nonce",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        }.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));

        var pages = new HostedPages(page, server);
        await page.GotoAsync(server.Url($"{E2EEnvironment.AuthorizePath}?{query}"));
        await pages.ExpectSignOnStepAsync("Sign in");
        await pages.SubmitPasswordAsync(user.Username, user.Password);
        await pages.ExpectSignOnStepAsync("Enter your code");
        var otp = await user.CurrentCodeAsync();

        // The application's callback is served by nobody: the browser being sent there with a code is the result.
        var arrived = await page.RunAndWaitForRequestAsync(() => pages.SubmitCodeAsync(otp), request => request.Url.StartsWith(callback + "?", StringComparison.Ordinal));
        var parameters = new Uri(arrived.Url).Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        Assert.Equal("designer-built-state", parameters["state"]);
        await page.CloseAsync();
        return parameters["code"];
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
