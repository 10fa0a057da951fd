using Bunit;
using Flows.Designer.Components;
using Flows.Designer.Services;
using Flows.Designer.Tests.Support;

namespace Flows.Designer.Tests;

/// <summary>The dry run in the flow editor: the canvas lights up the path the run took, and clears it when closed.</summary>
public sealed class DryRunCanvasTests : DesignerTestContext
{
    [Fact]
    public void The_canvas_marks_the_nodes_passed_with_their_outcome_and_the_node_waiting()
    {
        RenderInteractively();
        Flows.Drafts["password-then-otp"] = ShippedFlow("password-then-otp");
        var cut = Render<FlowEditorView>(ps => ps.Add(p => p.EnvironmentId, "demo").Add(p => p.FlowId, "password-then-otp"));
        cut.WaitForElement(".flow-node[data-node-id=otp]");

        cut.Find(".dry-run-button").Click();
        cut.Find(".dry-run-device-totp input").Change(true);
        cut.Find(".dry-run-start").Click();
        cut.WaitForElement(".dry-run-right").Click(); // the run starts asynchronously, beside the canvas still fitting

        cut.WaitForAssertion(() => Assert.Contains("is-waiting", cut.Find(".flow-node[data-node-id=otp]").ClassName));
        Assert.Contains("was-run", cut.Find(".flow-node[data-node-id=password]").ClassName);
        Assert.Contains("→ success", cut.Find(".flow-node[data-node-id=password]").TextContent);
        Assert.Contains("→ yes", cut.Find(".flow-node[data-node-id=hasMfaDevice]").TextContent);
        Assert.DoesNotContain("was-run", cut.Find(".flow-node[data-node-id=signInWithMfa]").ClassName);
        Assert.Empty(cut.FindAll(".property-panel"));

        cut.Find(".dry-run-close").Click();

        cut.WaitForAssertion(() => Assert.DoesNotContain("was-run", cut.Find(".flow-node[data-node-id=password]").ClassName));
        Assert.NotEmpty(cut.FindAll(".property-panel"));
    }

    [Fact]
    public void A_read_only_administrator_cannot_start_a_dry_run()
    {
        Authorization.SetPolicies(DesignerPolicies.Read);
        Flows.Drafts["password-then-otp"] = ShippedFlow("password-then-otp");
        var cut = Render<FlowEditorView>(ps => ps.Add(p => p.EnvironmentId, "demo").Add(p => p.FlowId, "password-then-otp"));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find(".dry-run-button").GetAttribute("disabled")));
    }
}
