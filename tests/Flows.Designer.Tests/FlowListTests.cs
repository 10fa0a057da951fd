using Bunit;
using Flows.Designer.Components;
using Flows.Designer.Tests.Support;
using Flows.Engine.Definitions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Flows.Designer.Tests;

public sealed class FlowListTests : DesignerTestContext
{
    private IRenderedComponent<IComponent> RenderList() => Render(builder =>
    {
        builder.OpenComponent<MudDialogProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<FlowList>(1);
        builder.AddAttribute(2, nameof(FlowList.EnvironmentId), "demo");
        builder.CloseComponent();
    });

    private void ClickInDialog(IRenderedComponent<IComponent> cut, string text) =>
        cut.WaitForAssertion(() => cut.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text).Click());

    private static string Action(string flowId, string action) => $"[data-flow={flowId}] .{action}";

    [Fact]
    public void A_new_flow_is_created_with_the_id_and_name_given_and_opens_in_the_editor()
    {
        var cut = RenderList();

        cut.WaitForElement(".new-flow-button").Click();
        cut.WaitForElement(".flow-id-field input").Input("mfa-login");
        cut.Find(".flow-name-field input").Input("MFA login");
        cut.Find(".flow-id-confirm").Click();

        cut.WaitForAssertion(() => Assert.Equal(["created mfa-login MFA login"], Flows.Calls));
        Assert.EndsWith("/flows/mfa-login", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void Deleting_a_flow_asks_first_and_does_nothing_when_cancelled()
    {
        Flows.Versions["old-flow"] = [ShippedFlow("username-password")];
        var cut = RenderList();

        cut.WaitForElement(Action("old-flow", "delete-flow-button")).Click();
        ClickInDialog(cut, "Cancel");

        Assert.Empty(Flows.Calls);
        Assert.NotEmpty(cut.FindAll(Action("old-flow", "delete-flow-button")));
    }

    [Fact]
    public void Deleting_a_flow_confirmed_deletes_it_and_removes_it_from_the_list()
    {
        Flows.Versions["old-flow"] = [ShippedFlow("username-password")];
        var cut = RenderList();

        cut.WaitForElement(Action("old-flow", "delete-flow-button")).Click();
        ClickInDialog(cut, "Delete");

        cut.WaitForAssertion(() => Assert.Equal(["deleted old-flow if etag-of-old-flow"], Flows.Calls));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(Action("old-flow", "delete-flow-button"))));
    }

    [Fact]
    public void Discarding_a_draft_is_offered_for_published_flows_and_confirmed_first()
    {
        Flows.Versions["username-password"] = [ShippedFlow("username-password")];
        Flows.Drafts["username-password"] = ShippedFlow("username-password");
        var cut = RenderList();

        cut.WaitForElement(Action("username-password", "discard-draft-button")).Click();
        ClickInDialog(cut, "Discard");

        cut.WaitForAssertion(() => Assert.Equal(["draft deleted username-password if etag-of-username-password"], Flows.Calls));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(Action("username-password", "discard-draft-button"))));
    }

    [Fact]
    public void Clone_asks_for_the_new_id_and_proposes_a_name()
    {
        Flows.Versions["username-password"] = [ShippedFlow("username-password")];
        var cut = RenderList();

        cut.WaitForElement(Action("username-password", "clone-button")).Click();
        cut.WaitForElement(".flow-id-field input").Input("username-password-2");
        cut.Find(".flow-id-confirm").Click();

        var name = ShippedFlow("username-password").Name;
        cut.WaitForAssertion(() => Assert.Equal([$"cloned username-password username-password-2 {name} (copy)"], Flows.Calls));
    }

    [Fact]
    public void An_imported_json_file_becomes_a_draft_and_a_malformed_one_is_refused()
    {
        var cut = RenderList();
        var json = FlowDefinitionSerializer.Serialize(ShippedFlow("password-then-otp"));

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("{ not json", "broken.json"));
        cut.WaitForAssertion(() => Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message?.Contains("is not a flow definition") == true));
        Assert.Empty(Flows.Calls);

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(json, "password-then-otp.json"));
        cut.WaitForAssertion(() => Assert.Equal(["imported password-then-otp"], Flows.Calls));
        cut.WaitForElement(Action("password-then-otp", "export-button"));
    }

    [Fact]
    public void Export_downloads_the_flow_as_the_json_import_reads()
    {
        Flows.Drafts["username-password"] = ShippedFlow("username-password");
        var module = JSInterop.SetupModule("./_content/Flows.Designer/download.js");
        module.SetupVoid("download", _ => true).SetVoidResult();
        var cut = RenderList();

        cut.WaitForElement(Action("username-password", "export-button")).Click();

        cut.WaitForAssertion(() =>
        {
            var call = Assert.Single(module.Invocations["download"]);
            Assert.Equal("username-password.json", call.Arguments[0]);
            Assert.Equal("username-password", FlowDefinitionSerializer.Deserialize((string)call.Arguments[1]!).Id);
        });
    }
}
