using System.Text.Json;
using Bunit;
using Flows.Designer.Components;
using Flows.Designer.Tests.Support;
using Flows.Engine.Definitions;

namespace Flows.Designer.Tests;

/// <summary>
/// A property that names user attributes (Check user's value, the profile and registration steps' lists) offers the
/// environment's user-schema attributes beside its field; a pick fills the field, and typing stays free.
/// </summary>
public sealed class UserAttributeSuggestionTests : DesignerTestContext
{
    [Fact]
    public void Check_user_offers_the_schemas_attributes_and_a_pick_sets_the_value()
    {
        var editor = EditorWith("CheckUser", new() { ["condition"] = JsonSerializer.SerializeToElement("hasAttribute") });

        var cut = Render<PropertyPanel>(ps => ps.Add(p => p.Editor, editor).Add(p => p.EnvironmentId, "demo"));

        cut.WaitForAssertion(() => Assert.Equal(["given_name", "birthdate"], Suggested(cut, "value")));
        cut.Find("[data-property=value] [data-suggestion=birthdate]").Click();
        Assert.Equal("birthdate", editor.Definition.FindNode("node")!.Properties["value"].GetString());
    }

    [Fact]
    public void A_list_of_attributes_gains_a_picked_name_once()
    {
        var editor = EditorWith("AskForProfileData", new() { ["attributes"] = JsonSerializer.SerializeToElement(new[] { "given_name" }) });

        var cut = Render<PropertyPanel>(ps => ps.Add(p => p.Editor, editor).Add(p => p.EnvironmentId, "demo"));

        cut.WaitForAssertion(() => Assert.Equal(["given_name", "birthdate"], Suggested(cut, "attributes")));
        cut.Find("[data-property=attributes] [data-suggestion=given_name]").Click();
        cut.Find("[data-property=attributes] [data-suggestion=birthdate]").Click();
        Assert.Equal(["given_name", "birthdate"], editor.Definition.FindNode("node")!.Properties["attributes"].EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Other_properties_and_an_editor_without_an_environment_offer_nothing()
    {
        var withEnvironment = Render<PropertyPanel>(ps => ps.Add(p => p.Editor, EditorWith("CheckUser", [])).Add(p => p.EnvironmentId, "demo"));
        var withoutEnvironment = Render<PropertyPanel>(ps => ps.Add(p => p.Editor, EditorWith("CheckUser", [])));

        withEnvironment.WaitForAssertion(() => Assert.NotEmpty(Suggested(withEnvironment, "value")));
        Assert.Single(withEnvironment.FindAll(".property-suggestions"));
        Assert.Empty(withoutEnvironment.FindAll(".property-suggestion"));
    }

    private Flows.Designer.Editing.FlowEditor EditorWith(string activity, Dictionary<string, JsonElement> properties)
    {
        var editor = NewEditor(new FlowDefinition
        {
            Id = "profiled", Name = "Profiled", Start = "node",
            Nodes = [new FlowNode { Id = "node", Type = activity, Position = new(0, 0), Properties = properties }],
        });
        editor.Select("node");
        return editor;
    }

    private static List<string?> Suggested(IRenderedComponent<PropertyPanel> cut, string property) =>
        cut.FindAll($"[data-property={property}] .property-suggestion").Select(chip => chip.GetAttribute("data-suggestion")).ToList();
}
