using Bunit;
using Flows.Designer.Components;
using Flows.Designer.Tests.Support;
using Microsoft.AspNetCore.Components.Web;

namespace Flows.Designer.Tests;

public sealed class EditorPanelsTests : DesignerTestContext
{
    [Fact]
    public async Task The_palette_and_the_property_panel_fold_to_a_rail_and_open_again()
    {
        Flows.Drafts["username-password"] = ShippedFlow("username-password");
        var cut = Render<FlowEditorView>(ps => ps.Add(p => p.EnvironmentId, "demo").Add(p => p.FlowId, "username-password"));
        cut.WaitForElement("[data-activity=Deny]");

        // Awaited: a click while the canvas renders beside the test is queued, and Click() returns before it is handled.
        await cut.Find(".palette-toggle").ClickAsync(new MouseEventArgs());
        await cut.Find(".properties-toggle").ClickAsync(new MouseEventArgs());

        Assert.Empty(cut.FindAll("[data-activity]"));
        Assert.Empty(cut.FindAll(".property-panel"));
        Assert.Equal(2, cut.FindAll(".flow-editor-rail").Count);

        await cut.Find(".palette-toggle").ClickAsync(new MouseEventArgs());
        Assert.NotEmpty(cut.FindAll("[data-activity]"));
    }
}
