using System.Net;
using Flows.AuthServer.Applications;
using Flows.AuthServer.Audit;
using Flows.AuthServer.FlowDefinitions;
using Flows.E2E.Tests.Browser;
using Flows.E2E.Tests.Server;
using Flows.E2E.Tests.SignOn;
using Flows.Engine.Definitions;
using Flows.Engine.Instances;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flows.E2E.Tests.Designer;

/// <summary>
/// An administrator rolls an earlier version of a flow out to 10 % of new sign-ins from the designer's versions
/// dialog; the flow list shows it, and of 2,000 sign-ins started afterwards 8–12 % run that version.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RolloutTests(BrowserFixture browser, AuthServerFixture server)
{
    private const string FlowId = "rollout-e2e";
    private const string CallbackPath = "/e2e-rollout/callback";
    private const int SignIns = 2000;
    private static readonly AuditActor Actor = new("e2e-setup", "POST", "/setup");

    [Fact]
    public async Task A_version_rolled_out_to_ten_percent_in_the_designer_runs_for_eight_to_twelve_percent_of_two_thousand_sign_ins()
    {
        var clientId = await SetUpAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(server.Url("/designer/"));
        await new HostedPages(page, server).SignInAsAdministratorAsync();

        // Version 2 is the default; version 1 is rolled out to 10 % from the versions dialog.
        await page.Locator($"[data-flow={FlowId}] .versions-button").ClickAsync();
        await page.Locator("[data-version='1'] .rollout-button").ClickAsync();
        await page.Locator(".rollout-percent input").FillAsync("10");
        await page.Locator(".rollout-confirm").ClickAsync();
        var row = page.Locator(".flow-table tr", new() { HasText = FlowId });
        await Expect(row.Locator(".flow-rollout")).ToHaveTextAsync("v1 to 10 %");
        await Expect(row.Locator(".promote-rollout-button")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "rollout-1-list");

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(server.Origin) };
        await Parallel.ForAsync(0, SignIns, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, cancellationToken) =>
        {
            using var response = await http.GetAsync(AuthorizeUrl(clientId), cancellationToken);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/signon?flowId=", response.Headers.Location!.ToString());
        });
        var versions = await VersionsAsync();
        var (onRollout, onDefault) = (versions.Count(v => v == 1), versions.Count(v => v == 2));

        Assert.Equal(SignIns, onRollout + onDefault);
        Assert.InRange(onRollout, SignIns * 8 / 100, SignIns * 12 / 100);
    }

    /// <summary>A flow of its own with two published versions (the second the default) and a public application running it.</summary>
    private async Task<string> SetUpAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var flows = scope.ServiceProvider.GetRequiredService<FlowDefinitionService>();
        Assert.True((await flows.CloneAsync(E2EEnvironment.Id, "username-password", new FlowCloneRequest(FlowId, "Rollout", null), Actor, default)).Succeeded);
        for (var version = 1; version <= 2; version++)
        {
            // The clone's draft, then a draft made of the version just published.
            var draft = version == 1 ? (await flows.GetDraftAsync(E2EEnvironment.Id, FlowId, default)).Value : null;
            // A copy: the published definition is the engine's cached one, which nothing may change.
            var definition = draft?.Definition ?? FlowDefinitionSerializer.Deserialize(FlowDefinitionSerializer.Serialize(
                (await flows.GetVersionAsync(E2EEnvironment.Id, FlowId, version - 1, default)).Value!));
            definition.Name = $"Rollout v{version}";
            var precondition = draft is null ? FlowPrecondition.NoDraft : FlowPrecondition.Draft(draft.ETag);
            Assert.True((await flows.SaveDraftAsync(E2EEnvironment.Id, FlowId, definition, precondition, Actor, default)).Succeeded);
            var etag = (await flows.GetDraftAsync(E2EEnvironment.Id, FlowId, default)).Value!.ETag;
            Assert.Equal(version, (await flows.PublishAsync(E2EEnvironment.Id, FlowId, null, FlowPrecondition.Draft(etag), Actor, default)).Value!.Version);
        }

        var application = await scope.ServiceProvider.GetRequiredService<ApplicationService>().CreateAsync(E2EEnvironment.Id,
            new NewApplicationRequest("Rollout", "public", ["authorization_code"], [server.Url(CallbackPath)], [], ["openid"], FlowId), Actor, default);
        return application.Value!.ClientId;
    }

    /// <summary>The version each of the flow's instances runs, over every page of the list.</summary>
    private async Task<List<int>> VersionsAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var instances = scope.ServiceProvider.GetRequiredService<IFlowInstanceStore>();
        var versions = new List<int>();
        string? after = null;
        do
        {
            var page = await instances.ListAsync(new FlowInstanceQuery
            {
                EnvironmentId = E2EEnvironment.Id, DefinitionId = FlowId, PageSize = 500, After = after,
            }, default);
            versions.AddRange(page.Items.Select(instance => instance.DefinitionVersion));
            after = page.Next;
        }
        while (after is not null);

        return versions;
    }

    private string AuthorizeUrl(string clientId) => QueryHelpers.AddQueryString(E2EEnvironment.AuthorizePath, new Dictionary<string, string?>
    {
        ["response_type"] = "code",
        ["client_id"] = clientId,
        ["redirect_uri"] = server.Url(CallbackPath),
        ["scope"] = "openid",
        ["state"] = "rollout",
        ["code_challenge"] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        ["code_challenge_method"] = "S256",
    });
}
