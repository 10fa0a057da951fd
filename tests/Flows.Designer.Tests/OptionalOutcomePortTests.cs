using System.Text.Json;
using Flows.Designer.Diagram;
using Flows.Designer.Tests.Support;

namespace Flows.Designer.Tests;

/// <summary>An outcome that a bool setting turns on has a port on the canvas only while the setting is on.</summary>
public sealed class OptionalOutcomePortTests : DesignerTestContext
{
    [Fact]
    public void The_forgot_password_port_shows_only_when_the_password_step_offers_it()
    {
        Assert.DoesNotContain("forgotPassword", PortsOfThePasswordStep(offerForgotPassword: false));
        Assert.Contains("forgotPassword", PortsOfThePasswordStep(offerForgotPassword: true));
    }

    private List<string> PortsOfThePasswordStep(bool offerForgotPassword)
    {
        var editor = NewEditor(ShippedFlow("password-then-otp"));
        var password = editor.Definition.Nodes.First(node => node.Type == "AskForUsernamePassword");
        password.Properties["offerForgotPassword"] = JsonSerializer.SerializeToElement(offerForgotPassword);
        var diagram = FlowDiagramBuilder.Create(readOnly: false);
        FlowDiagramBuilder.Fill(diagram, editor.Definition, Registry, editor.Problems, locked: false);
        return diagram.Nodes.OfType<ActivityNodeModel>().Single(node => node.FlowNodeId == password.Id)
            .OutcomePorts.Select(port => port.Outcome).ToList();
    }
}
