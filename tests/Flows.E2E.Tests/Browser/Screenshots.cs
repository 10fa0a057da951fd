using System.Runtime.CompilerServices;
using Flows.Testing;
using Microsoft.Playwright;

namespace Flows.E2E.Tests.Browser;

/// <summary>Saves what a page shows as a PNG under artifacts/screenshots at the repository root (gitignored).</summary>
public static class Screenshots
{
    public static string Folder { get; } = Path.Combine(RepositoryPaths.Root, "artifacts", "screenshots");

    /// <summary>
    /// Saves the whole page as artifacts/screenshots/{test class}/{test}-{step}.png, replacing an older one,
    /// and returns the file's path.
    /// </summary>
    public static async Task<string> SaveAsync(
        IPage page, string step, [CallerFilePath] string testFile = "", [CallerMemberName] string test = "")
    {
        var folder = Path.Combine(Folder, Path.GetFileNameWithoutExtension(testFile));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Safe(test)}-{Safe(step)}.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    private static string Safe(string name) =>
        string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-'));
}
