using Bunit;
using Flows.Designer.Instances;
using Flows.Designer.Services;
using Flows.Designer.Tests.Support;
using Flows.Engine.Instances;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Flows.Designer.Tests;

public sealed class InstanceViewTests : DesignerTestContext
{
    private void AddWaitingAtOtp()
    {
        var instance = FakeDesignerInstances.Instance("i1", node: "otp") with { WaitingFor = "OTP_REQUIRED" };
        var now = DateTimeOffset.UtcNow;
        Instances.Details["i1"] = new DesignerInstanceDetail(instance,
        [
            new(1, "password", "AskForUsernamePassword", null, FlowStepResult.Suspended, null, null, now, TimeSpan.FromMilliseconds(2)),
            new(2, "password", "AskForUsernamePassword", "usernamePassword.check", FlowStepResult.Outcome, "success", null, now, TimeSpan.FromMilliseconds(120)),
            new(3, "hasMfaDevice", "CheckUser", null, FlowStepResult.Outcome, "yes", null, now, TimeSpan.FromMilliseconds(1)),
            new(4, "otp", "AskForOtp", null, FlowStepResult.Suspended, null, null, now, TimeSpan.FromMilliseconds(1)),
        ], ShippedFlow("password-then-otp"), null);
    }

    private IRenderedComponent<IComponent> RenderWithDialogs() => Render(builder =>
    {
        builder.OpenComponent<MudDialogProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<InstanceView>(1);
        builder.AddAttribute(2, nameof(InstanceView.InstanceId), "i1");
        builder.CloseComponent();
    });

    [Fact]
    public void The_journal_is_a_timeline_and_the_graph_marks_passed_nodes_and_the_waiting_one()
    {
        RenderInteractively();
        AddWaitingAtOtp();

        var cut = RenderWithDialogs();

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll(".journal-step").Count));
        Assert.Contains("was-run", cut.Find(".flow-node[data-node-id=password]").ClassName);
        Assert.Contains("2× · 122 ms", cut.Find(".flow-node[data-node-id=password]").TextContent);
        Assert.Contains("is-waiting", cut.Find(".flow-node[data-node-id=otp]").ClassName);
        Assert.Contains("waiting: OTP_REQUIRED", cut.Find(".flow-node[data-node-id=otp]").TextContent);
        Assert.DoesNotContain("was-run", cut.Find(".flow-node[data-node-id=signInWithMfa]").ClassName);
    }

    [Fact]
    public void Cancel_asks_first_and_does_nothing_when_the_operator_keeps_the_instance()
    {
        AddWaitingAtOtp();
        var cut = RenderWithDialogs();

        cut.WaitForElement(".cancel-button").Click();
        cut.WaitForAssertion(() => Assert.Contains("cannot be undone", cut.Markup));
        cut.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Keep it")).Click();

        cut.WaitForAssertion(() => Assert.DoesNotContain("cannot be undone", cut.Markup));
        Assert.Empty(Instances.Cancelled);
    }

    [Fact]
    public void Cancel_confirmed_cancels_the_instance()
    {
        AddWaitingAtOtp();
        var cut = RenderWithDialogs();

        cut.WaitForElement(".cancel-button").Click();
        cut.WaitForAssertion(() => Assert.Contains("cannot be undone", cut.Markup));
        cut.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Cancel instance")).Click();

        cut.WaitForAssertion(() => Assert.Equal(["i1"], Instances.Cancelled));
    }

    [Fact]
    public void An_unknown_instance_says_so()
    {
        var cut = RenderWithDialogs();

        cut.WaitForAssertion(() => Assert.Contains("There is no flow instance 'i1'", cut.Markup));
    }
}
