using System.Text.Json;
using Flows.Engine.Activities;
using Flows.Engine.Tests.TestActivities;

namespace Flows.Engine.Tests;

public sealed class ActivityDescriptorFactoryTests
{
    [Fact]
    public void Describes_the_palette_entry_from_the_class()
    {
        var descriptor = ActivityDescriptorFactory.Describe(typeof(AskForColor));

        Assert.Equal("AskForColor", descriptor.Type);
        Assert.Equal("Ask for a color", descriptor.DisplayName);
        Assert.Equal("Test", descriptor.Category);
        Assert.Equal("Asks the user for red or blue.", descriptor.Description);
        Assert.True(descriptor.IsInteractive);
        Assert.Equal(["red", "blue"], descriptor.Outcomes.Select(o => o.Name));
    }

    [Fact]
    public void Types_each_property_and_carries_its_default()
    {
        var properties = ActivityDescriptorFactory.Describe(typeof(Configurable)).Properties.ToDictionary(p => p.Name);

        Assert.Equal(ActivityPropertyType.String, properties["label"].Type);
        Assert.True(properties["label"].Required);
        Assert.Null(properties["label"].Default);
        Assert.Equal(ActivityPropertyType.Integer, properties["count"].Type);
        Assert.Equal(3, properties["count"].Default!.Value.GetInt32());
        Assert.Equal(ActivityPropertyType.Boolean, properties["enabled"].Type);
        Assert.True(properties["enabled"].Default!.Value.GetBoolean());
        Assert.Equal(ActivityPropertyType.StringList, properties["tags"].Type);
        Assert.Equal(ActivityPropertyType.Choice, properties["mood"].Type);
        Assert.Equal(["calm", "veryHappy"], properties["mood"].Options!);
        Assert.Equal("veryHappy", properties["mood"].Default!.Value.GetString());
    }

    [Fact]
    public void A_terminal_activity_has_no_outcomes_and_does_not_wait()
    {
        var descriptor = ActivityDescriptorFactory.Describe(typeof(Finish));

        Assert.Empty(descriptor.Outcomes);
        Assert.False(descriptor.IsInteractive);
    }

    [Fact]
    public void Serializes_for_the_designer_without_clr_details()
    {
        var json = JsonSerializer.Serialize(ActivityDescriptorFactory.Describe(typeof(Configurable)), JsonSerializerOptions.Web);

        Assert.Contains("\"type\":\"Choice\"", json);
        Assert.DoesNotContain("clr", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_class_without_the_activity_attribute_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ActivityDescriptorFactory.Describe(typeof(Undescribed)));
    }

    [Fact]
    public void The_registry_orders_the_palette_by_category_then_name()
    {
        var registry = new ActivityRegistry(TestCatalog.Types);

        Assert.Equal(
            ["Ask for a color", "Branch", "Configurable", "Explode", "Finish", "Hand over", "Jump", "Reject"],
            registry.All.Select(d => d.DisplayName));
        Assert.Null(registry.Find("Nope"));
    }

    private sealed class Undescribed : Activity
    {
        public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => throw new NotSupportedException();
    }
}
