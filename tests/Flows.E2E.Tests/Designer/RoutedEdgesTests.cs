using Flows.AuthServer.Audit;
using Flows.AuthServer.FlowDefinitions;
using Flows.Bench.Designer;
using Flows.E2E.Tests.Browser;
using Flows.E2E.Tests.Server;
using Flows.E2E.Tests.SignOn;
using Flows.Engine.Definitions;
using Flows.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flows.E2E.Tests.Designer;

/// <summary>In chromium, the edges of every shipped flow and the 60-node flow run round the nodes, measured on the drawn page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RoutedEdgesTests(BrowserFixture browser, AuthServerFixture server)
{
    /// <summary>
    /// Every point along every drawn edge (each 2 px of its SVG path, in page coordinates) that lies inside a node's box, named
    /// by the edge ("from.outcome → to"), the node and the point. Near its two ends an edge may stand in its own nodes: it
    /// starts and ends on their ports.
    /// </summary>
    private const string PointsBehindNodes = """
        () => {
            const ends = 14, inset = 1;
            const nodes = [...document.querySelectorAll('.flow-node')].map(node => ({ id: node.dataset.nodeId, box: node.getBoundingClientRect() }));
            const centre = element => { const box = element.getBoundingClientRect(); return { x: box.left + box.width / 2, y: box.top + box.height / 2 }; };
            const nearest = (selector, point) => [...document.querySelectorAll(selector)]
                .map(element => ({ element, at: centre(element) }))
                .reduce((best, port) => { const d = Math.hypot(port.at.x - point.x, port.at.y - point.y); return !best || d < best.d ? { ...port, d } : best; }, null).element;
            const behind = new Map();
            for (const path of document.querySelectorAll('.diagram-link > path:first-of-type')) {
                const length = path.getTotalLength(), matrix = path.getScreenCTM();
                if (!matrix || length === 0) continue;
                const zoom = Math.hypot(matrix.a, matrix.b);
                const start = path.getPointAtLength(0).matrixTransform(matrix), end = path.getPointAtLength(length).matrixTransform(matrix);
                const out = nearest('.flow-port-out', start), into = nearest('.flow-port-in', end);
                const from = out.closest('.flow-node').dataset.nodeId, to = into.closest('.flow-node').dataset.nodeId;
                const edge = `${from}.${out.closest('.flow-node-outcome').dataset.outcome} → ${to}`;
                for (let at = 0; at <= length; at += 2) {
                    const nearEnd = at * zoom < ends || (length - at) * zoom < ends;
                    const point = path.getPointAtLength(at).matrixTransform(matrix);
                    for (const { id, box } of nodes) {
                        if (nearEnd && (id === from || id === to)) continue;
                        if (point.x > box.left + inset && point.x < box.right - inset && point.y > box.top + inset && point.y < box.bottom - inset) {
                            const key = `${edge} behind ${id}`;
                            if (!behind.has(key)) behind.set(key, `${key} (${Math.round(point.x - box.left)},${Math.round(point.y - box.top)} inside it)`);
                        }
                    }
                }
            }
            return [...behind.values()];
        }
        """;

    [Fact]
    public async Task No_edge_of_a_shipped_flow_or_the_60_node_flow_runs_behind_a_node()
    {
        await PublishAsync(FlowDefinitionSerializer.Deserialize(LargeFlow.Definition().ToJsonString()));
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 860);
        await page.GotoAsync(server.Url("/designer/"));
        await new HostedPages(page, server).SignInAsAdministratorAsync();
        await Expect(page.Locator(".flow-table")).ToContainTextAsync("password-then-otp");
        var flows = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "workflows"), "*.json")
            .Select(file => Path.GetFileNameWithoutExtension(file)).Order().Append(LargeFlow.Id).ToList();

        var behind = new Dictionary<string, string[]>();
        foreach (var flow in flows)
        {
            await page.GotoAsync(server.Url($"/designer/flows/{flow}"));
            await Expect(page.Locator(".flow-canvas[data-fitted=true]")).ToBeVisibleAsync();
            await Expect(page.Locator(".diagram-link path").First).ToBeVisibleAsync();
            await UntilTheDrawingStandsStillAsync(page);
            behind[flow] = await page.EvaluateAsync<string[]>(PointsBehindNodes);
        }

        await Screenshots.SaveAsync(page, "routed-edges");
        Assert.Equal(flows.Count, behind.Count);
        var cut = behind.Where(flow => flow.Value.Length > 0).Select(flow => $"{flow.Key}: {string.Join("; ", flow.Value)}").ToList();
        Assert.True(cut.Count == 0, string.Join("\n", cut));
    }

    /// <summary>
    /// Waits until the drawing has stood still for a second: the routes follow the nodes' and ports' measured sizes, which
    /// arrive one by one after the first drawing, and the fit that zooms the canvas once they are all in.
    /// </summary>
    private static async Task UntilTheDrawingStandsStillAsync(IPage page)
    {
        const string Drawing = """
            () => [...document.querySelectorAll('.diagram-link > path:first-of-type')].map(path => path.getAttribute('d'))
                .concat([...document.querySelectorAll('.flow-node')].map(node => JSON.stringify(node.getBoundingClientRect())))
                .join('|')
            """;
        var drawn = await page.EvaluateAsync<string>(Drawing);
        for (var still = 0; still < 4;)
        {
            await page.WaitForTimeoutAsync(250);
            var now = await page.EvaluateAsync<string>(Drawing);
            still = now == drawn ? still + 1 : 0;
            drawn = now;
        }
    }

    private async Task PublishAsync(FlowDefinition definition)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var flows = scope.ServiceProvider.GetRequiredService<FlowDefinitionService>();
        var actor = new AuditActor("e2e", "POST", "/e2e");
        if ((await flows.GetVersionAsync(E2EEnvironment.Id, definition.Id, 1, CancellationToken.None)).Succeeded)
        {
            return;
        }

        Assert.True((await flows.ImportAsync(E2EEnvironment.Id, definition, actor, CancellationToken.None)).Succeeded);
        Assert.True((await flows.PublishAsync(E2EEnvironment.Id, definition.Id, "e2e", FlowPrecondition.None, actor, CancellationToken.None)).Succeeded);
    }
}
