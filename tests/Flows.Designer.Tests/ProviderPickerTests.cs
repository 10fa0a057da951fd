using Bunit;
using Flows.Designer.Components;
using Flows.Designer.Tests.Support;
using Flows.Engine.Definitions;
using MudBlazor;

namespace Flows.Designer.Tests;

/// <summary>A property that names an identity provider is picked from the environment's providers, not typed.</summary>
public sealed class ProviderPickerTests : DesignerTestContext
{
    [Theory]
    [InlineData("SignInWithIdentityProvider")]
    [InlineData("UserDomainMatchesProvider")]
    public void The_provider_is_a_select_of_the_environments_providers_and_a_pick_sets_the_property(string activity)
    {
        var editor = NewEditor(new FlowDefinition
        {
            Id = "federated", Name = "Federated", Start = "node",
            Nodes = [new FlowNode { Id = "node", Type = activity, Position = new(0, 0) }],
        });
        editor.Select("node");

        var cut = Render<PropertyPanel>(ps => ps.Add(p => p.Editor, editor).Add(p => p.EnvironmentId, "demo"));

        cut.WaitForAssertion(() => Assert.Single(cut.FindComponents<MudSelect<string>>()));
        var select = cut.FindComponent<MudSelect<string>>();
        Assert.Contains("lookup-select", cut.Find("[data-property=provider]").InnerHtml);
        Assert.Equal(["corporate", "partner"], cut.FindComponents<MudSelectItem<string>>().Select(item => item.Instance.Value).Distinct());
        cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync("partner"));
        Assert.Equal("partner", editor.Definition.FindNode("node")!.Properties["provider"].GetString());
    }

    [Fact]
    public void A_provider_the_environment_does_not_have_stays_visible_as_such()
    {
        var editor = NewEditor(new FlowDefinition
        {
            Id = "federated", Name = "Federated", Start = "node",
            Nodes =
            [
                new FlowNode
                {
                    Id = "node", Type = "SignInWithIdentityProvider", Position = new(0, 0),
                    Properties = new() { ["provider"] = System.Text.Json.JsonSerializer.SerializeToElement("gone") },
                },
            ],
        });
        editor.Select("node");

        var cut = Render<PropertyPanel>(ps => ps.Add(p => p.Editor, editor).Add(p => p.EnvironmentId, "demo"));

        cut.WaitForAssertion(() => Assert.Contains("gone", cut.FindComponents<MudSelectItem<string>>().Select(item => item.Instance.Value)));
    }

    [Fact]
    public void Without_an_environment_the_provider_is_free_text_as_before()
    {
        var editor = NewEditor(new FlowDefinition
        {
            Id = "federated", Name = "Federated", Start = "node",
            Nodes = [new FlowNode { Id = "node", Type = "SignInWithIdentityProvider", Position = new(0, 0) }],
        });
        editor.Select("node");

        var cut = Render<PropertyPanel>(ps => ps.Add(p => p.Editor, editor));

        Assert.Empty(cut.FindComponents<MudSelect<string>>());
        Assert.NotNull(cut.Find("[data-property=provider] input[type=text]"));
    }
}
