using Bunit;
using Flows.Designer.Components;
using Flows.Designer.Tests.Support;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Flows.Designer.Tests;

public sealed class PublishTests : DesignerTestContext
{
    private IRenderedComponent<IComponent> RenderEditorWithDialogs(string flowId) => Render(builder =>
    {
        builder.OpenComponent<MudDialogProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<FlowEditorView>(1);
        builder.AddAttribute(2, nameof(FlowEditorView.EnvironmentId), "demo");
        builder.AddAttribute(3, nameof(FlowEditorView.FlowId), flowId);
        builder.CloseComponent();
    });

    [Fact]
    public void Publish_asks_for_a_note_and_publishes_the_edited_definition_with_it()
    {
        Flows.Drafts["username-password"] = ShippedFlow("username-password");
        var cut = RenderEditorWithDialogs("username-password");

        cut.WaitForElement(".publish-button").Click();
        cut.WaitForElement(".publish-note input").Change("Shorter texts");
        cut.Find(".publish-confirm").Click();

        cut.WaitForAssertion(() =>
        {
            var (definition, note) = Assert.Single(Flows.Published);
            Assert.Equal("Shorter texts", note);
            Assert.Equal("username-password", definition.Id);
        });
    }

    [Fact]
    public void A_published_flow_opened_unchanged_has_nothing_to_publish_until_it_is_edited()
    {
        Flows.Drafts["username-password"] = ShippedFlow("username-password");
        Flows.Unchanged.Add("username-password");
        var cut = RenderEditorWithDialogs("username-password");

        Assert.True(cut.WaitForElement(".publish-button").HasAttribute("disabled"));
        cut.Find(".layout-button").Click();

        cut.WaitForAssertion(() => Assert.False(cut.Find(".publish-button").HasAttribute("disabled")));
        Assert.Empty(Flows.Published);
    }

    [Fact]
    public void A_flow_with_problems_cannot_be_published()
    {
        Flows.Drafts["username-password"] = ShippedFlow("username-password");
        var cut = RenderEditorWithDialogs("username-password");
        Assert.False(cut.WaitForElement(".publish-button").HasAttribute("disabled"));

        cut.Find("[data-activity=Deny]").Click();

        cut.WaitForAssertion(() => Assert.True(cut.Find(".publish-button").HasAttribute("disabled")));
        Assert.Empty(Flows.Published);
    }

    [Fact]
    public void Publishing_saves_unsaved_edits_first_then_publishes_the_saved_draft()
    {
        Flows.Drafts["username-password"] = ShippedFlow("username-password");
        var cut = RenderEditorWithDialogs("username-password");
        cut.WaitForElement(".layout-button").Click();

        cut.Find(".publish-button").Click();
        cut.WaitForElement(".publish-confirm").Click();

        cut.WaitForAssertion(() => Assert.Single(Flows.Published));
        var saved = Assert.Single(Flows.Saved);
        Assert.Same(saved, Flows.Published[0].Definition);
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".unsaved-chip")));
    }

    [Fact]
    public void A_draft_someone_else_saved_is_not_overwritten_and_the_editor_says_so()
    {
        Flows.Drafts["username-password"] = ShippedFlow("username-password");
        Flows.SaveIsStale = true;
        var cut = RenderEditorWithDialogs("username-password");
        cut.WaitForElement(".layout-button").Click();

        cut.Find(".save-button").Click();

        cut.WaitForAssertion(() => Assert.Contains("Someone else saved this flow", cut.Find(".stale-alert").TextContent));
        Assert.Empty(Flows.Saved);
        Assert.NotEmpty(cut.FindAll(".unsaved-chip"));
    }
}
