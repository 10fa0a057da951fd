using System.Net;
using Flows.AuthServer.Audit;
using Flows.AuthServer.FlowDefinitions;
using Flows.Engine.Validation;
using Microsoft.Extensions.DependencyInjection;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// <see cref="FlowDefinitionService"/> called in-process, as the designer does (no HTTP request around it), on
/// the same data the API shows.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class FlowDefinitionServiceTests(ManagementServerFixture server)
{
    /// <summary>Who the in-process calls are logged as.</summary>
    private static readonly AuditActor Designer = new("designer-test", "POST", "/designer/flows");

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task The_designer_creates_saves_under_an_etag_and_publishes_without_http()
    {
        var id = FlowTestDefinitions.NewId();
        var definition = FlowTestDefinitions.Shipped("password-then-otp", id);
        await using var scope = server.Services.CreateAsyncScope();
        var flows = scope.ServiceProvider.GetRequiredService<FlowDefinitionService>();

        var created = await flows.CreateAsync(Other, definition, Designer, CancellationToken.None);
        var draft = await flows.GetDraftAsync(Other, id, CancellationToken.None);
        definition.Name = "Edited in the designer";
        var saved = await flows.SaveDraftAsync(Other, id, definition, FlowPrecondition.Draft(draft.Value!.ETag), Designer, CancellationToken.None);
        var stale = await flows.SaveDraftAsync(Other, id, definition, FlowPrecondition.Draft(draft.Value.ETag), Designer, CancellationToken.None);
        var published = await flows.PublishAsync(Other, id, "From the designer", FlowPrecondition.None, Designer, CancellationToken.None);

        Assert.True(created.Succeeded && saved.Succeeded && published.Succeeded);
        Assert.Equal(FlowErrorKind.Stale, stale.Error!.Kind);
        Assert.Equal((1, "Edited in the designer"), (published.Value!.Version, published.Value.Name));
        var read = await Api.GetAsync($"/v1/environments/{Other}/flows/{id}", await Api.TokenAsync());
        Assert.Equal((HttpStatusCode.OK, 1, false), (read.Status, read.Body["defaultVersion"]!.GetValue<int>(), read.Body["hasDraft"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task The_catalog_and_a_refused_publish_come_back_as_values()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var flows = scope.ServiceProvider.GetRequiredService<FlowDefinitionService>();
        var id = FlowTestDefinitions.NewId();
        var broken = FlowTestDefinitions.Shipped("username-password", id);
        broken.Start = "nowhere";
        await flows.CreateAsync(Other, broken, Designer, CancellationToken.None);

        var refused = await flows.PublishAsync(Other, id, note: null, FlowPrecondition.None, Designer, CancellationToken.None);

        Assert.Equal(FlowErrorKind.InvalidDefinition, refused.Error!.Kind);
        Assert.Contains(refused.Error.Problems, problem => problem.Code == FlowValidationCodes.StartNotFound);
        Assert.Contains(flows.Activities, activity => activity.Type == "AskForUsernamePassword");
    }
}
