using Flows.AuthServer.Audit;
using Flows.AuthServer.FlowDefinitions;
using Flows.Bench.Designer;
using Flows.E2E.Tests.Browser;
using Flows.E2E.Tests.Server;
using Flows.E2E.Tests.SignOn;
using Flows.Engine.Definitions;
using Flows.Engine.Instances;
using Flows.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flows.E2E.Tests.Designer;

/// <summary>
/// The canvas at a laptop's 1280×860 in chromium: every shipped flow and the 60-node benchmark flow open with node titles
/// of at least 12 px, copy and paste work on a selection, and the funnel view draws seeded runs over a version's graph.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReadableCanvasTests(BrowserFixture browser, AuthServerFixture server)
{
    private const double ReadableTitlePixels = 12;

    /// <summary>The rendered size of the first node title: its computed font size times the zoom the diagram draws it at.</summary>
    private const string TitlePixels = """
        () => {
            const node = document.querySelector('.flow-node');
            const title = node.querySelector('.flow-node-title');
            return parseFloat(getComputedStyle(title).fontSize) * node.getBoundingClientRect().width / node.offsetWidth;
        }
        """;

    [Fact]
    public async Task Every_shipped_flow_and_the_60_node_flow_open_with_node_titles_of_at_least_12_px()
    {
        await PublishAsync(FlowDefinitionSerializer.Deserialize(LargeFlow.Definition().ToJsonString()));
        var page = await DesignerPageAsync();
        var flows = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "workflows"), "*.json")
            .Select(file => Path.GetFileNameWithoutExtension(file)).Order().Append(LargeFlow.Id).ToList();

        var sizes = new Dictionary<string, double>();
        foreach (var flow in flows)
        {
            await page.GotoAsync(server.Url($"/designer/flows/{flow}"));
            await Expect(page.Locator(".flow-canvas[data-fitted=true]")).ToBeVisibleAsync();
            sizes[flow] = await page.EvaluateAsync<double>(TitlePixels);
        }

        await Screenshots.SaveAsync(page, "60-node-flow");
        Assert.All(sizes, size => Assert.True(size.Value >= ReadableTitlePixels, $"{size.Key}: titles {size.Value:F1} px"));
        Assert.Equal(flows.Count, sizes.Count);
        await Expect(page.Locator(".flow-minimap")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Copying_two_connected_nodes_and_pasting_adds_two_nodes_and_one_edge()
    {
        var page = await DesignerPageAsync();
        await page.GotoAsync(server.Url("/designer/flows/password-then-otp"));
        await Expect(page.Locator(".flow-canvas[data-fitted=true]")).ToBeVisibleAsync();
        var nodes = await page.Locator(".flow-node").CountAsync();
        var links = await page.Locator(".diagram-link").CountAsync();

        await page.Locator(".flow-node[data-node-id=otp] .flow-node-title").ClickAsync();
        await page.Locator(".flow-node[data-node-id=signInWithMfa] .flow-node-title").ClickAsync(new() { Modifiers = [KeyboardModifier.Control] });
        await Expect(page.Locator(".flow-node.selected")).ToHaveCountAsync(2);
        await page.Keyboard.PressAsync("Control+C");
        await page.Keyboard.PressAsync("Control+V");

        await Expect(page.Locator(".flow-node")).ToHaveCountAsync(nodes + 2);
        await Expect(page.Locator(".diagram-link")).ToHaveCountAsync(links + 1);
        await Expect(page.Locator(".flow-node[data-node-id=askForOtp]")).ToBeVisibleAsync();
        await Expect(page.Locator(".flow-node[data-node-id=signIn]")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "pasted");

        await page.Keyboard.PressAsync("Control+Z");
        await Expect(page.Locator(".flow-node")).ToHaveCountAsync(nodes);
    }

    [Fact]
    public async Task The_funnel_view_draws_seeded_runs_over_the_version_s_graph()
    {
        await SeedRunsAsync();
        var page = await DesignerPageAsync();

        await page.GotoAsync(server.Url("/designer/flows/password-then-otp/funnel"));

        var column = page.Locator(".funnel-column").Last;
        await Expect(column.Locator(".funnel-runs")).Not.ToHaveTextAsync("0");
        await Expect(column.Locator(".flow-node[data-node-id=otp] .funnel-entered")).ToContainTextAsync("entered");
        await Expect(column.Locator(".flow-node[data-node-id=otp] .funnel-abandoned")).ToBeVisibleAsync();
        await Expect(column.Locator(".flow-node[data-node-id=signInWithMfa] .funnel-completed")).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(300);
        await Screenshots.SaveAsync(page, "funnel");
    }

    private async Task<IPage> DesignerPageAsync()
    {
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 860);
        await page.GotoAsync(server.Url("/designer/"));
        await new HostedPages(page, server).SignInAsAdministratorAsync();
        await Expect(page.Locator(".flow-table")).ToContainTextAsync("password-then-otp");
        return page;
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

    /// <summary>Twelve runs of the latest published password-then-otp, created a moment ago: eight to the end, three abandoned at the code, one locked out.</summary>
    private async Task SeedRunsAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var version = (await scope.ServiceProvider.GetRequiredService<FlowDefinitionService>()
            .ListVersionsAsync(E2EEnvironment.Id, "password-then-otp", CancellationToken.None)).Value!.Max(v => v.Version);
        var store = scope.ServiceProvider.GetRequiredService<IFlowInstanceStore>();
        for (var i = 0; i < 12; i++)
        {
            var id = FlowInstanceIds.New();
            var (status, at, path) = i switch
            {
                < 8 => (FlowInstanceStatus.Completed, "signInWithMfa", new[] { ("password", "success"), ("hasMfaDevice", "yes"), ("otp", "success"), ("signInWithMfa", (string?)null) }),
                < 11 => (FlowInstanceStatus.Expired, "otp", [("password", "success"), ("hasMfaDevice", "yes"), ("otp", null)]),
                _ => (FlowInstanceStatus.Failed, "lockedOut", [("password", "lockedOut"), ("lockedOut", null)]),
            };
            var journal = path.Select(step => new FlowJournalEntry
            {
                InstanceId = id, NodeId = step.Item1, ActivityType = "Seeded", Result = step.Item2 is not null ? FlowStepResult.Outcome
                    : status == FlowInstanceStatus.Completed ? FlowStepResult.Completed : status == FlowInstanceStatus.Failed ? FlowStepResult.Failed : FlowStepResult.Suspended,
                Outcome = step.Item2, StartedAt = DateTimeOffset.UtcNow,
            }).ToList();
            await store.CreateAsync(new FlowInstance
            {
                Id = id, EnvironmentId = E2EEnvironment.Id, DefinitionId = "password-then-otp", DefinitionVersion = version, Status = status, CurrentNodeId = at,
                CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-i), UpdatedAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow.AddDays(30), Revision = 1,
            }, journal, CancellationToken.None);
        }
    }
}
