using Blazor.Diagrams.Core.Geometry;
using Bunit;
using Bunit.TestDoubles;
using Flows.Activities;
using Flows.Designer;
using Flows.Designer.Editing;
using Flows.Designer.Services;
using Flows.Engine.Activities;
using Flows.Engine.Definitions;
using Flows.Engine.Validation;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.Designer.Tests.Support;

/// <summary>
/// A bunit context with what the designer's components need: MudBlazor, the real activity catalog and validator,
/// fake designer services, the diagram's one JavaScript call answered, and an administrator who may read and write
/// (<see cref="Authorization"/> changes that).
/// </summary>
public abstract class DesignerTestContext : BunitContext, IAsyncLifetime
{
    protected DesignerTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        JSInterop.Setup<Rectangle>("ZBlazorDiagrams.getBoundingClientRect", _ => true).SetResult(new Rectangle(0, 0, 1200, 800));
        Registry = new ActivityRegistry([.. FlowsActivityCatalog.Types, typeof(TestSettingsActivity)]);
        Validator = new FlowDefinitionValidator(Registry);
        Services.AddFlowsDesignerComponents();
        Services.AddSingleton(Registry);
        Services.AddSingleton(Validator);
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<IDesignerFlows>(Flows);
        Services.AddSingleton<IDesignerInstances>(Instances);
        Funnels = new FakeDesignerFunnels(Flows);
        Services.AddSingleton<IDesignerFunnels>(Funnels);
        Services.AddSingleton<IDesignerApplications>(Applications);
        Services.AddSingleton<IDesignerIdentityProviders>(IdentityProviders);
        Services.AddSingleton<IDesignerOutbound>(Outbound);
        Services.AddSingleton<IDesignerEmailSettings>(Email);
        Services.AddSingleton<IDesignerUserSchema>(UserSchema);
        Services.AddSingleton<IDesignerAgreements>(Agreements);
        Services.AddSingleton<IDesignerSimulations>(Simulations);
        Services.AddSingleton<IDesignerEnvironments>(new FakeDesignerEnvironments());
        Authorization = AddAuthorization();
        Authorization.SetAuthorized("admin");
        Authorization.SetPolicies(DesignerPolicies.Read, DesignerPolicies.Write);

        // Prerendering, as before the circuit connects (set last: it builds the service provider); canvas tests switch to interactive.
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
    }

    protected ActivityRegistry Registry { get; }

    protected FakeDesignerAgreements Agreements { get; } = new();

    protected BunitAuthorizationContext Authorization { get; }

    protected FlowDefinitionValidator Validator { get; }

    protected FakeDesignerFlows Flows { get; } = new();

    protected FakeDesignerInstances Instances { get; } = new();

    protected FakeDesignerFunnels Funnels { get; }

    protected FakeDesignerApplications Applications { get; } = new();

    protected FakeDesignerIdentityProviders IdentityProviders { get; } = new();

    protected FakeDesignerOutbound Outbound { get; } = new();

    protected FakeDesignerEmailSettings Email { get; } = new();

    protected FakeDesignerUserSchema UserSchema { get; } = new();

    protected FakeDesignerSimulations Simulations { get; } = new();

    /// <summary>Renders as in the browser after the circuit connected, so the diagram canvas is drawn.</summary>
    protected void RenderInteractively() => SetRendererInfo(new RendererInfo("Server", isInteractive: true));

    /// <summary>A shipped flow, read by the production loader from the copy of <c>workflows/</c> next to the tests.</summary>
    protected static FlowDefinition ShippedFlow(string id) =>
        FlowDefinitionLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "workflows", $"{id}.json"));

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    /// <summary>MudBlazor's services can only be disposed asynchronously.</summary>
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    protected FlowEditor NewEditor(FlowDefinition definition) => new(definition, Registry, Validator);
}
