using System.Text.Json;
using Bunit;
using Flows.Designer.Components;
using Flows.Designer.Editing;
using Flows.Designer.Tests.Support;
using Flows.Engine.Definitions;

namespace Flows.Designer.Tests;

public sealed class PropertyPanelTests : DesignerTestContext
{
    private FlowEditor EditorWithSettingsNode()
    {
        var definition = new FlowDefinition
        {
            Id = "settings",
            Name = "Settings",
            Start = "settings",
            Nodes = [new FlowNode { Id = "settings", Type = nameof(TestSettingsActivity), Position = new(0, 0) }],
        };
        var editor = NewEditor(definition);
        editor.Select("settings");
        return editor;
    }

    [Fact]
    public void Every_property_of_the_descriptor_gets_the_field_its_type_calls_for()
    {
        var editor = EditorWithSettingsNode();

        var cut = Render<PropertyPanel>(ps => ps.Add(p => p.Editor, editor));

        var fields = cut.FindAll(".property-field[data-property]").Select(f => f.GetAttribute("data-property")).ToList();
        Assert.Equal(["(name)", "label", "retries", "enabled", "tags", "mode"], fields);
        Assert.NotNull(cut.Find("[data-property=label] input[type=text]"));
        Assert.NotNull(cut.Find("[data-property=retries] input[type=number]"));
        Assert.NotNull(cut.Find("[data-property=enabled] input[type=checkbox]"));
        Assert.NotNull(cut.Find("[data-property=tags] textarea"));
        Assert.Equal(2, cut.FindAll("[data-property=mode] input[type=radio]").Count);
        Assert.Equal("3", cut.Find("[data-property=retries] input").GetAttribute("value"));
    }

    [Fact]
    public void Required_properties_without_a_value_show_the_validators_message()
    {
        var editor = EditorWithSettingsNode();

        var cut = Render<PropertyPanel>(ps => ps.Add(p => p.Editor, editor));

        Assert.Contains("needs a value for 'Label'", cut.Find("[data-property=label]").TextContent);
        Assert.Contains("needs a value for 'Mode'", cut.Find("[data-property=mode]").TextContent);
        Assert.DoesNotContain("needs a value", cut.Find("[data-property=retries]").TextContent);
    }

    [Fact]
    public void Typed_values_are_stored_as_json_of_their_type_and_clear_the_message()
    {
        var editor = EditorWithSettingsNode();
        var cut = Render<PropertyPanel>(ps => ps.Add(p => p.Editor, editor));

        cut.Find("[data-property=label] input").Change("Hello");
        cut.Find("[data-property=retries] input").Change("7");
        cut.Find("[data-property=enabled] input").Change(true);
        cut.Find("[data-property=tags] textarea").Change("a\n\nb ");

        var properties = editor.Definition.FindNode("settings")!.Properties;
        Assert.Equal("Hello", properties["label"].GetString());
        Assert.Equal(7, properties["retries"].GetInt32());
        Assert.Equal(JsonValueKind.True, properties["enabled"].ValueKind);
        Assert.Equal(["a", "b"], properties["tags"].EnumerateArray().Select(e => e.GetString()));
        cut.Render();
        Assert.DoesNotContain("needs a value", cut.Find("[data-property=label]").TextContent);
    }

    [Fact]
    public void A_number_field_with_text_shows_an_error_and_leaves_the_property_alone()
    {
        var editor = EditorWithSettingsNode();
        var cut = Render<PropertyPanel>(ps => ps.Add(p => p.Editor, editor));

        cut.Find("[data-property=retries] input").Change("many");

        Assert.Contains("must be a whole number", cut.Find("[data-property=retries]").TextContent);
        Assert.False(editor.Definition.FindNode("settings")!.Properties.ContainsKey("retries"));
        Assert.False(editor.CanUndo);
    }

    [Fact]
    public void Clearing_a_required_text_shows_it_is_required()
    {
        var editor = EditorWithSettingsNode();
        editor.SetProperty("settings", "label", JsonSerializer.SerializeToElement("x"));
        var cut = Render<PropertyPanel>(ps => ps.Add(p => p.Editor, editor));

        cut.Find("[data-property=label] input").Change("");

        Assert.Contains("Label is required", cut.Find("[data-property=label]").TextContent);
        Assert.Equal("x", editor.Definition.FindNode("settings")!.Properties["label"].GetString());
    }

    [Fact]
    public void Without_a_selection_the_panel_says_what_to_do()
    {
        var editor = NewEditor(ShippedFlow("username-password"));

        var cut = Render<PropertyPanel>(ps => ps.Add(p => p.Editor, editor));

        Assert.Contains("Select a node", cut.Markup);
        Assert.Empty(cut.FindAll(".property-field"));
    }
}
