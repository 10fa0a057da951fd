using Microsoft.Playwright;

namespace Flows.E2E.Tests.Browser;

/// <summary>
/// One headless Debian chromium for the test run, driven by Playwright on a fresh user-data dir; each test
/// takes its own isolated context from it, so no cookie (such as ST) leaks from one test to the next.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium (scripts/install-tools.sh): Playwright's own browser download cannot run here.</summary>
    public const string DefaultExecutablePath = "/usr/bin/chromium";

    /// <summary>Environment variable that points the tests at another chromium binary.</summary>
    public const string ExecutablePathVariable = "FLOWS_CHROMIUM";

    // No sandbox: the tests run as root in a container. The rest keeps the browser from calling out to
    // the network on its own (updates, sync, QUIC probes) and from doing first-run work.
    private static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    /// <summary>How long an action or an expectation waits: generous, as the tests share two cores with the server.</summary>
    private const float Timeout = 45_000;

    private IPlaywright? _playwright;
    private IBrowserContext? _persistentContext;
    private DirectoryInfo? _userDataDir;

    /// <summary>The running browser; ask it for a new context per test.</summary>
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var executablePath = Environment.GetEnvironmentVariable(ExecutablePathVariable) ?? DefaultExecutablePath;
        if (!File.Exists(executablePath))
        {
            throw new InvalidOperationException($"{executablePath} is missing: run scripts/install-tools.sh first.");
        }

        Assertions.SetDefaultExpectTimeout(Timeout);
        _userDataDir = Directory.CreateTempSubdirectory("flows-e2e-chromium-");
        _playwright = await Playwright.CreateAsync();
        _persistentContext = await _playwright.Chromium.LaunchPersistentContextAsync(_userDataDir.FullName, new()
        {
            ExecutablePath = executablePath,
            Headless = true,
            Args = Arguments,
        });
        Browser = _persistentContext.Browser
            ?? throw new InvalidOperationException("Playwright returned no browser for the persistent context.");
    }

    /// <summary>
    /// A new isolated context (own cookies and storage); dispose it when the test ends. Without JavaScript it is
    /// a browser whose user switched scripts off: the hosted pages must work there too.
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(bool javaScriptEnabled = true)
    {
        var context = await Browser.NewContextAsync(new()
        {
            Locale = "en-US",
            ViewportSize = new() { Width = 1280, Height = 800 },
            JavaScriptEnabled = javaScriptEnabled,
        });
        context.SetDefaultTimeout(Timeout);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (_persistentContext is not null)
        {
            await _persistentContext.CloseAsync();
        }

        _playwright?.Dispose();
        _userDataDir?.Delete(recursive: true);
    }
}
