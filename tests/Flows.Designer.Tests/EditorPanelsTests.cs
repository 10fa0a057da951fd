using Bunit;
using Flows.Designer.Components;
using Flows.Designer.Tests.Support;

namespace Flows.Designer.Tests;

public sealed class EditorPanelsTests : DesignerTestContext
{
    [Fact]
    public void The_palette_and_the_property_panel_fold_to_a_rail_and_open_again()
    {
        Flows.Drafts["username-password"] = ShippedFlow("username-password");
        var cut = Render<FlowEditorView>(ps => ps.Add(p => p.EnvironmentId, "demo").Add(p => p.FlowId, "username-password"));
        cut.WaitForElement("[data-activity=Deny]");

        cut.Find(".palette-toggle").Click();
        cut.Find(".properties-toggle").Click();

        Assert.Empty(cut.FindAll("[data-activity]"));
        Assert.Empty(cut.FindAll(".property-panel"));
        Assert.Equal(2, cut.FindAll(".flow-editor-rail").Count);

        cut.Find(".palette-toggle").Click();
        Assert.NotEmpty(cut.FindAll("[data-activity]"));
    }
}
