using Flows.E2E.Tests.Browser;
using Flows.E2E.Tests.Server;
using Flows.E2E.Tests.SignOn;
using Flows.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flows.E2E.Tests.Designer;

/// <summary>In chromium, the edges of every shipped flow run round the nodes, measured on the drawn page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RoutedEdgesTests(BrowserFixture browser, AuthServerFixture server)
{
    /// <summary>
    /// Every point along every drawn edge (each 2 px of its SVG path, in page coordinates) that lies inside a node's box, but
    /// for the ends of the edge, which sit on the ports of the nodes it joins.
    /// </summary>
    private const string PointsBehindNodes = """
        () => {
            const ends = 14, inset = 1;
            const boxes = [...document.querySelectorAll('.flow-node')].map(node => ({ id: node.dataset.nodeId, box: node.getBoundingClientRect() }));
            const behind = [];
            for (const path of document.querySelectorAll('.diagram-link path')) {
                const length = path.getTotalLength(), matrix = path.getScreenCTM();
                if (!matrix || length === 0) continue;
                const zoom = Math.hypot(matrix.a, matrix.b);
                for (let at = 0; at <= length; at += 2) {
                    if (at * zoom < ends || (length - at) * zoom < ends) continue;
                    const point = path.getPointAtLength(at).matrixTransform(matrix);
                    for (const { id, box } of boxes) {
                        if (point.x > box.left + inset && point.x < box.right - inset && point.y > box.top + inset && point.y < box.bottom - inset) {
                            behind.push(`${id} at ${Math.round(point.x)},${Math.round(point.y)}`);
                        }
                    }
                }
            }
            return [...new Set(behind)];
        }
        """;

    [Fact]
    public async Task No_edge_of_a_shipped_flow_runs_behind_a_node()
    {
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 860);
        await page.GotoAsync(server.Url("/designer/"));
        await new HostedPages(page, server).SignInAsAdministratorAsync();
        await Expect(page.Locator(".flow-table")).ToContainTextAsync("password-then-otp");
        var flows = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "workflows"), "*.json").Select(Path.GetFileNameWithoutExtension).Order().ToList();

        var behind = new Dictionary<string, string[]>();
        foreach (var flow in flows)
        {
            await page.GotoAsync(server.Url($"/designer/flows/{flow}"));
            await Expect(page.Locator(".flow-canvas[data-fitted=true]")).ToBeVisibleAsync();
            await Expect(page.Locator(".diagram-link path").First).ToBeVisibleAsync();
            await page.WaitForTimeoutAsync(200); // the routes follow the nodes' measured sizes, which arrive after the first drawing
            behind[flow!] = await page.EvaluateAsync<string[]>(PointsBehindNodes);
        }

        await Screenshots.SaveAsync(page, "routed-edges");
        Assert.Equal(flows.Count, behind.Count);
        Assert.All(behind, flow => Assert.True(flow.Value.Length == 0, $"{flow.Key}: {string.Join("; ", flow.Value.Take(5))}"));
    }
}
