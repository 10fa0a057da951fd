using Bunit;
using Flows.Activities;
using Flows.Designer.Components;
using Flows.Designer.Tests.Support;

namespace Flows.Designer.Tests;

public sealed class ActivityPaletteTests : DesignerTestContext
{
    [Fact]
    public void Palette_lists_every_activity_of_the_catalog_under_its_category()
    {
        var cut = Render<ActivityPalette>(ps => ps.Add(p => p.Activities, Registry.All));

        var items = cut.FindAll(".activity-palette-item").Select(item => item.GetAttribute("data-activity")).ToList();
        Assert.Equal(Registry.All.Select(a => a.Type), items);
        var categories = cut.FindAll(".activity-palette-category").Select(c => c.TextContent).ToList();
        Assert.Equal(Registry.All.Select(a => a.Category).Distinct(), categories);
        Assert.Contains("Ask for a one-time password", cut.Find("[data-activity=AskForOtp]").TextContent);
    }

    [Fact]
    public void Palette_offers_enrolling_an_authenticator_under_MFA()
    {
        var cut = Render<ActivityPalette>(ps => ps.Add(p => p.Activities, Registry.All));

        var item = cut.Find("[data-activity=EnrollOtp]");
        Assert.Contains("Enroll an authenticator", item.TextContent);
        Assert.Equal(ActivityCategories.Mfa, Registry.Find("EnrollOtp")!.Category);
    }

    [Fact]
    public void Palette_groups_device_choice_enrolment_and_remembering_under_MFA()
    {
        var cut = Render<ActivityPalette>(ps => ps.Add(p => p.Activities, Registry.All));

        Assert.Contains("Choose a device", cut.Find("[data-activity=ChooseDevice]").TextContent);
        Assert.Contains("Remember this device", cut.Find("[data-activity=RememberDevice]").TextContent);
        Assert.All(["ChooseDevice", "ChooseEnrollment", "RememberDevice", "DeviceRemembered", "UserHasFactor", "FactorUsed"],
            type => Assert.Equal(ActivityCategories.Mfa, Registry.Find(type)!.Category));
    }

    [Fact]
    public void Clicking_an_activity_asks_to_add_that_type_and_dragging_names_it()
    {
        string? added = null, dragged = null;
        var cut = Render<ActivityPalette>(ps => ps
            .Add(p => p.Activities, Registry.All)
            .Add(p => p.OnAdd, type => added = type)
            .Add(p => p.OnDragStart, type => dragged = type));

        cut.Find("[data-activity=Deny]").Click();
        cut.Find("[data-activity=SignIn]").DragStart();

        Assert.Equal("Deny", added);
        Assert.Equal("SignIn", dragged);
    }

    [Fact]
    public void Clicking_an_activity_in_the_editor_adds_a_selected_node_with_that_type()
    {
        Flows.Drafts["password-then-otp"] = ShippedFlow("password-then-otp");
        var cut = Render<FlowEditorView>(ps => ps.Add(p => p.EnvironmentId, "demo").Add(p => p.FlowId, "password-then-otp"));

        cut.WaitForElement("[data-activity=AskForNewPassword]").Click();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("askForNewPassword", cut.Find(".property-panel input[readonly]").GetAttribute("value"));
            Assert.Contains("Ask for a new password", cut.Find(".property-panel h6").TextContent);
            Assert.NotNull(cut.Find(".unsaved-chip"));
        });
    }
}
