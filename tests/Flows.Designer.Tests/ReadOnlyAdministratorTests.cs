using Bunit;
using Flows.Designer.Components;
using Flows.Designer.Instances;
using Flows.Designer.Services;
using Flows.Designer.Tests.Support;
using Flows.Engine.Instances;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Flows.Designer.Tests;

/// <summary>
/// An administrator who may only read (the read policy without the write one) sees flows, versions, bindings and
/// instances, but no action that would change them: none is offered, and the few that stay visible are disabled.
/// </summary>
public sealed class ReadOnlyAdministratorTests : DesignerTestContext
{
    public ReadOnlyAdministratorTests() => Authorization.SetPolicies(DesignerPolicies.Read);

    [Fact]
    public void The_flow_list_offers_no_new_flow_import_clone_discard_or_delete_and_the_versions_no_rollback()
    {
        var first = ShippedFlow("password-then-otp");
        Flows.Versions["password-then-otp"] = [first, ShippedFlow("password-then-otp")];
        Flows.Drafts["password-then-otp"] = first;
        var cut = WithDialogs<FlowList>(nameof(FlowList.EnvironmentId), "demo");

        cut.WaitForElement("[data-flow=password-then-otp] .export-button");
        Assert.Empty(cut.FindAll(".new-flow-button, .import-input, .clone-button, .discard-draft-button, .delete-flow-button"));
        Assert.NotEmpty(cut.FindAll(".read-only-chip"));

        cut.Find("[data-flow=password-then-otp] .versions-button").Click();
        cut.WaitForElement(".versions-table");
        Assert.Empty(cut.FindAll(".rollback-button"));
    }

    [Fact]
    public void The_editor_cannot_save_or_publish_even_after_an_edit()
    {
        Flows.Drafts["username-password"] = ShippedFlow("username-password");
        var cut = Render<FlowEditorView>(ps => ps.Add(p => p.EnvironmentId, "demo").Add(p => p.FlowId, "username-password"));

        cut.WaitForElement(".layout-button").Click();

        Assert.True(cut.Find(".save-button").HasAttribute("disabled"));
        Assert.True(cut.Find(".publish-button").HasAttribute("disabled"));
        Assert.NotEmpty(cut.FindAll(".read-only-chip"));
    }

    [Fact]
    public void An_application_cannot_be_bound_to_another_flow()
    {
        var cut = Render<ApplicationList>(ps => ps.Add(p => p.EnvironmentId, "demo"));

        Assert.True(cut.WaitForElement(".bind-button").HasAttribute("disabled"));
        Assert.NotEmpty(cut.FindAll(".application-table .mud-disabled"));
    }

    [Fact]
    public void A_waiting_instance_cannot_be_cancelled()
    {
        Instances.Details["i1"] = new DesignerInstanceDetail(FakeDesignerInstances.Instance("i1"), [], null, null);
        var cut = WithDialogs<InstanceView>(nameof(InstanceView.InstanceId), "i1");

        Assert.True(cut.WaitForElement(".cancel-button").HasAttribute("disabled"));
    }

    [Fact]
    public void An_administrator_who_may_write_gets_the_actions()
    {
        Authorization.SetPolicies(DesignerPolicies.Read, DesignerPolicies.Write);
        Instances.Details["i1"] = new DesignerInstanceDetail(FakeDesignerInstances.Instance("i1"), [], null, null);

        var list = WithDialogs<FlowList>(nameof(FlowList.EnvironmentId), "demo");
        var instance = WithDialogs<InstanceView>(nameof(InstanceView.InstanceId), "i1");

        list.WaitForElement(".new-flow-button");
        Assert.False(instance.WaitForElement(".cancel-button").HasAttribute("disabled"));
    }

    private IRenderedComponent<IComponent> WithDialogs<T>(string parameter, string value) where T : IComponent => Render(builder =>
    {
        builder.OpenComponent<MudDialogProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<T>(1);
        builder.AddAttribute(2, parameter, value);
        builder.CloseComponent();
    });
}
