using System.Text.Json;
using Bunit;
using Flows.Designer.Components;
using Flows.Designer.Tests.Support;
using Flows.Engine.Definitions;
using Flows.Engine.Validation;
using MudBlazor;

namespace Flows.Designer.Tests;

/// <summary>The Run sub-flow node: its flow is picked from the environment's flows, and what the server refuses shows on it.</summary>
public sealed class SubFlowNodeTests : DesignerTestContext
{
    private static readonly FlowValidationProblem Cycle = new(FlowValidationCodes.SubFlowCycle,
        "Node 'sub' runs flow 'mfa', which runs this flow again ('main' → 'mfa' → 'main'); sub-flows cannot form a cycle.", "sub", "flow");

    [Fact]
    public void The_flow_is_picked_from_the_environment_s_published_flows_other_than_this_one()
    {
        Flows.Versions["mfa"] = [Main("mfa")];
        Flows.Versions["agreements"] = [Main("agreements")];
        Flows.Versions["main"] = [Main()];
        Flows.Drafts["unpublished"] = Main("unpublished");
        var editor = NewEditor(Main());
        editor.Select("sub");

        var cut = Render<PropertyPanel>(ps => ps.Add(p => p.Editor, editor).Add(p => p.EnvironmentId, "demo"));

        cut.WaitForAssertion(() => Assert.Single(cut.FindComponents<MudSelect<string>>()));
        Assert.Contains("lookup-select", cut.Find("[data-property=flow]").InnerHtml);
        Assert.Equal(["agreements", "mfa"], cut.FindComponents<MudSelectItem<string>>().Select(item => item.Instance.Value).Distinct());
        cut.InvokeAsync(() => cut.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync("agreements"));
        Assert.Equal("agreements", editor.Definition.FindNode("sub")!.Properties["flow"].GetString());
    }

    [Fact]
    public void A_problem_the_server_found_shows_on_the_node_s_flow_until_the_next_edit()
    {
        var editor = NewEditor(Main());
        editor.Select("sub");
        editor.ShowRefusal([Cycle]);

        var cut = Render<PropertyPanel>(ps => ps.Add(p => p.Editor, editor).Add(p => p.EnvironmentId, "demo"));

        cut.WaitForAssertion(() => Assert.Contains("sub-flows cannot form a cycle", cut.Find("[data-property=flow]").TextContent));
        editor.SetProperty("sub", "flow", JsonSerializer.SerializeToElement("agreements"));
        Assert.DoesNotContain(editor.Problems, problem => problem.Code == FlowValidationCodes.SubFlowCycle);
    }

    [Fact]
    public void A_save_the_server_refuses_lists_its_problems_and_blocks_publishing()
    {
        Flows.Drafts["main"] = Main();
        Flows.SaveRefusal = [Cycle];
        var cut = Render<FlowEditorView>(ps => ps.Add(p => p.EnvironmentId, "demo").Add(p => p.FlowId, "main"));
        cut.WaitForElement(".layout-button").Click();

        cut.Find(".save-button").Click();

        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll(".flow-problem"), problem => problem.TextContent.Contains("sub-flows cannot form a cycle")));
        Assert.True(cut.Find(".publish-button").HasAttribute("disabled"));
        Assert.Empty(Flows.Saved);
    }

    /// <summary>sub (Run sub-flow of mfa) → sign in, or deny.</summary>
    private static FlowDefinition Main(string id = "main") => new()
    {
        Id = id, Name = $"Flow {id}", Start = "sub",
        Nodes =
        [
            new FlowNode
            {
                Id = "sub", Type = "RunSubFlow", Position = new(0, 0),
                Properties = new() { ["flow"] = JsonSerializer.SerializeToElement("mfa") },
            },
            new FlowNode { Id = "signIn", Type = "SignIn", Position = new(0, 100) },
            new FlowNode
            {
                Id = "deny", Type = "Deny", Position = new(200, 100),
                Properties = new() { ["message"] = JsonSerializer.SerializeToElement("No.") },
            },
        ],
        Edges = [new("sub", "success", "signIn"), new("sub", "denied", "deny")],
    };
}
