using Bunit;
using Flows.Designer.Components;
using Flows.Designer.Services;
using Flows.Designer.Tests.Support;

namespace Flows.Designer.Tests;

/// <summary>
/// The user schema editor: lists the environment's attributes, adds, changes and removes them and saves the schema
/// whole; a refused attribute shows its problem beside it; a read-only administrator sees the schema and changes nothing.
/// </summary>
public sealed class UserSchemaEditorTests : DesignerTestContext
{
    [Fact]
    public void The_attributes_are_listed_with_name_display_name_type_required_and_format()
    {
        UserSchema.Attributes = [new("zip", "string", "Postal code", true, "[0-9]{4}"), new("birthdate", "date", null, false, null)];

        var cut = Render<UserSchemaEditor>(parameters => parameters.Add(editor => editor.EnvironmentId, "demo"));

        var rows = cut.WaitForElements(".schema-attribute");
        Assert.Equal(2, rows.Count);
        Assert.Equal(("zip", "Postal code", "[0-9]{4}"), (Input(rows[0], "name"), Input(rows[0], "displayName"), Input(rows[0], "format")));
        Assert.Contains("string", rows[0].QuerySelector("[data-field=type]")!.TextContent);
        Assert.True(Required(rows[0]));
        Assert.Contains("date", rows[1].QuerySelector("[data-field=type]")!.TextContent);
        Assert.False(Required(rows[1]));
    }

    [Fact]
    public void An_added_attribute_is_saved_with_the_others_and_a_removed_one_is_left_out()
    {
        var cut = Render<UserSchemaEditor>(parameters => parameters.Add(editor => editor.EnvironmentId, "demo"));

        cut.WaitForElement(".add-attribute").Click();
        var added = cut.FindAll(".schema-attribute")[2];
        added.QuerySelector("[data-field=name] input")!.Change("newsletter");
        cut.FindAll(".schema-attribute")[2].QuerySelector("[data-field=displayName] input")!.Change("Newsletter");
        cut.FindAll(".schema-attribute")[1].QuerySelector(".remove-attribute")!.Click();
        cut.Find(".save-schema").Click();

        cut.WaitForAssertion(() => Assert.Single(UserSchema.Saved));
        Assert.Equal(
            [new DesignerUserAttribute("given_name", "string", "First name", true, null), new DesignerUserAttribute("newsletter", "string", "Newsletter", false, null)],
            UserSchema.Saved[0]);
        Assert.Equal(2, cut.FindAll(".schema-attribute").Count);
    }

    [Fact]
    public void A_refused_attribute_shows_its_problem_beside_it_and_nothing_is_saved()
    {
        var cut = Render<UserSchemaEditor>(parameters => parameters.Add(editor => editor.EnvironmentId, "demo"));

        cut.WaitForElements(".schema-attribute")[1].QuerySelector("[data-field=name] input")!.Change("birth date");
        cut.Find(".save-schema").Click();

        cut.WaitForAssertion(() => Assert.Contains("'birth date' is not an attribute name", cut.FindAll(".schema-attribute")[1].TextContent));
        Assert.Empty(cut.FindAll(".schema-attribute")[0].QuerySelectorAll(".attribute-problem"));
        Assert.Contains("see the attributes marked", cut.Find(".form-problem").TextContent);
        Assert.Empty(UserSchema.Saved);
    }

    [Fact]
    public void A_read_only_administrator_sees_the_attributes_but_cannot_add_remove_change_or_save()
    {
        Authorization.SetPolicies(DesignerPolicies.Read);

        var cut = Render<UserSchemaEditor>(parameters => parameters.Add(editor => editor.EnvironmentId, "demo"));

        var rows = cut.WaitForElements(".schema-attribute");
        Assert.Equal("given_name", Input(rows[0], "name"));
        Assert.True(rows[0].QuerySelector("[data-field=name] input")!.HasAttribute("disabled"));
        Assert.True(cut.Find(".add-attribute").HasAttribute("disabled"));
        Assert.True(cut.Find(".remove-attribute").HasAttribute("disabled"));
        Assert.True(cut.Find(".save-schema").HasAttribute("disabled"));
    }

    private static bool Required(AngleSharp.Dom.IElement row) =>
        row.QuerySelector("[data-field=required] input[type=checkbox]")!.HasAttribute("checked");

    private static string? Input(AngleSharp.Dom.IElement row, string field) =>
        row.QuerySelector($"[data-field={field}] input")?.GetAttribute("value");
}
