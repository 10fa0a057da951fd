using Flows.E2E.Tests.Browser;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flows.E2E.Tests;

/// <summary>The browser chain itself: a real chromium fills and posts a form served by Kestrel on 127.0.0.1.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserInfrastructureTests(BrowserFixture browser)
{
    [Fact]
    public async Task Chromium_fills_and_posts_a_form_and_shows_the_echoed_text()
    {
        await using var app = await EchoFormApp.StartAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        const string name = "Zoë <b>& Co</b>"; // non-ASCII and markup: must come back as text, not HTML

        await page.GotoAsync(app.BaseAddress.ToString());
        await page.GetByLabel(EchoFormApp.FieldLabel).FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(app.BaseAddress, "/echo").ToString());
        await Expect(page.Locator("#echo")).ToHaveTextAsync(name);
        var screenshot = await Screenshots.SaveAsync(page, "echoed");
        Assert.True(new FileInfo(screenshot).Length > 0, $"{screenshot} is empty");
    }
}
