using Microsoft.Playwright;
using OtpNet;

namespace Flows.Bench.Designer;

/// <summary>
/// Debian's chromium (headless, driven by Playwright) signed in to the designer once; times what an administrator
/// waits for, measured in the page itself (<c>performance.now()</c>), so Playwright's round trips do not count.
/// </summary>
internal sealed class DesignerBrowser : IAsyncDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private const string NodesDrawn = "n => document.querySelectorAll('.flow-canvas .flow-node').length === n ? performance.now() : false";

    /// <summary>The editor is ready to edit: every node drawn, the view fitted to them, the palette interactive.</summary>
    private const string EditorReady = """
        n => document.querySelectorAll('.flow-canvas .flow-node').length === n
            && document.querySelector('.flow-canvas[data-fitted=true]') !== null
            && document.querySelector('.activity-palette-item[data-activity=Deny]') !== null
            ? performance.now() : false
        """;

    /// <summary>The console shows page <c>n</c>: its number, its rows, and Next usable again (it is disabled while loading).</summary>
    private const string ConsolePageShown = """
        ([n, rows]) => {
            const number = document.querySelector('.page-number');
            const next = document.querySelector('.next-page');
            return number !== null && number.textContent.trim() === 'Page ' + n && next !== null && !next.disabled
                && document.querySelectorAll('tr.instance-row').length === rows;
        }
        """;

    /// <summary>Clicks Next and resolves with the milliseconds until the next page is shown (checked on every DOM change).</summary>
    private const string NextPage = """
        ([n, rows, previousFirstRow]) => new Promise(resolve => {
            const shown = () => {
                const number = document.querySelector('.page-number');
                const next = document.querySelector('.next-page');
                const rowsShown = document.querySelectorAll('tr.instance-row');
                return number !== null && number.textContent.trim() === 'Page ' + n && next !== null && !next.disabled
                    && rowsShown.length === rows && rowsShown[0].textContent !== previousFirstRow;
            };
            const started = performance.now();
            const observer = new MutationObserver(() => {
                if (shown()) {
                    observer.disconnect();
                    resolve(performance.now() - started);
                }
            });
            observer.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
            document.querySelector('.next-page').click();
        })
        """;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IPage _page;
    private readonly Uri _server;

    private DesignerBrowser(IPlaywright playwright, IBrowser browser, IPage page, Uri server)
    {
        _playwright = playwright;
        _browser = browser;
        _page = page;
        _server = server;
    }

    /// <summary>Starts the browser and signs in to /designer through the admin environment's sign-on pages (password, authenticator).</summary>
    public static async Task<DesignerBrowser> SignInAsync(Uri server, string password)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new FileNotFoundException("The designer benchmark drives Debian's chromium: apt-get install chromium.", ChromiumPath);
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var context = await browser.NewContextAsync(new() { Locale = "en-US", ViewportSize = new() { Width = 1600, Height = 900 } });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        var designer = new DesignerBrowser(playwright, browser, page, server);

        await page.GotoAsync(designer.Url("/designer/"));
        await page.GetByLabel("Username").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // The administrator of a fresh server enrolls an authenticator at this first sign-in: the key the page shows.
        var key = await page.Locator("#totp-key").TextContentAsync();
        await page.GetByLabel("6-digit code").FillAsync(new Totp(Base32Encoding.ToBytes(key!.Replace(" ", ""))).ComputeTotp());
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await page.Locator(".signed-in-user").WaitForAsync();
        return designer;
    }

    /// <summary>
    /// Opens the flow's editor by its address; milliseconds from the navigation's start until every node is drawn,
    /// and until it is ready to edit.
    /// </summary>
    public async Task<(double Drawn, double Ready)> OpenEditorAsync(string flowId, int nodes)
    {
        await _page.GotoAsync(Url($"/designer/flows/{flowId}"), new() { WaitUntil = WaitUntilState.Commit });
        var drawn = await _page.WaitForFunctionAsync(NodesDrawn, nodes);
        var ready = await _page.WaitForFunctionAsync(EditorReady, nodes);
        return (await drawn.JsonValueAsync<double>(), await ready.JsonValueAsync<double>());
    }

    /// <summary>Adds a node from the palette and undoes it: the editor that was timed is usable, not just drawn.</summary>
    public async Task CheckEditorIsUsableAsync(int nodes)
    {
        await _page.Locator(".activity-palette-item[data-activity=Deny]").ClickAsync();
        await _page.WaitForFunctionAsync("n => document.querySelectorAll('.flow-canvas .flow-node').length === n", nodes + 1);
        await _page.Locator(".undo-button").ClickAsync();
        await _page.WaitForFunctionAsync("n => document.querySelectorAll('.flow-canvas .flow-node').length === n", nodes);
    }

    /// <summary>Opens the operator console (suspended instances first); milliseconds from the navigation's start to its first page.</summary>
    public async Task<double> OpenConsoleAsync(int rows)
    {
        await _page.GotoAsync(Url("/designer/instances"), new() { WaitUntil = WaitUntilState.Commit });
        var shown = await _page.WaitForFunctionAsync($"args => ({ConsolePageShown})(args) ? performance.now() : false", new object[] { 1, rows });
        return await shown.JsonValueAsync<double>();
    }

    /// <summary>Pages forward from page 1; the milliseconds each Next took, in order.</summary>
    public async Task<List<double>> PageForwardAsync(int pages, int rows)
    {
        var times = new List<double>(pages);
        for (var page = 2; page <= pages + 1; page++)
        {
            var first = await _page.Locator("tr.instance-row").First.TextContentAsync();
            times.Add(await _page.EvaluateAsync<double>(NextPage, new object[] { page, rows, first ?? "" }));
        }

        return times;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }

    private string Url(string path) => new Uri(_server, path).ToString();
}
