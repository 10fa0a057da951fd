using System.Text.Json;
using Flows.Activities;
using Flows.AuthServer.Data;
using Flows.Engine.Definitions;
using Flows.Engine.Instances;
using Flows.Engine.Runtime;

namespace Flows.AuthServer.Flows;

/// <summary>
/// Starts the flow of the device verification page (RFC 8628 §3.3), owned by the page's session: a built-in definition
/// that asks for the user code and hands over to the sign-in flow of the code's application, whose sign-in step asks the
/// user to allow the device. Published in each environment at its first use; its id is not one administrators can
/// give a flow, so it is never listed, edited or bound.
/// </summary>
public sealed class DeviceVerificationFlows(FlowRunner runner, IFlowDefinitionStore definitions, FlowPublisher publisher)
{
    public const string DefinitionId = "_device-verification";

    private const string PublishNote = "Built into Flows";
    private const string UserCodeNode = "userCode";
    private const string SignInNode = "signIn";

    public async Task<FlowInstance> StartAsync(string environmentId, SessionRecord session, string? userCodeHint, CancellationToken cancellationToken)
    {
        if (await definitions.FindLatestAsync(environmentId, DefinitionId, cancellationToken) is null)
        {
            await publisher.PublishAsync(environmentId, Definition(), PublishNote, cancellationToken);
        }

        var variables = new Dictionary<string, JsonElement>();
        if (!string.IsNullOrWhiteSpace(userCodeHint))
        {
            variables[FlowVariables.UserCodeHint] = JsonSerializer.SerializeToElement(userCodeHint.Trim());
        }

        return await runner.StartAsync(new FlowStartRequest(environmentId, DefinitionId)
        {
            SessionTokenHash = session.TokenHash,
            Variables = variables,
        }, cancellationToken);
    }

    private static FlowDefinition Definition() => new()
    {
        Id = DefinitionId,
        Name = "Device verification",
        Description = "Asks for the code a device shows, then signs the user in with the flow of the device's application.",
        Start = UserCodeNode,
        Nodes =
        [
            new FlowNode { Id = UserCodeNode, Type = nameof(AskForUserCode), Name = "User code", Position = new NodePosition(80, 200) },
            new FlowNode { Id = SignInNode, Type = nameof(SignIn), Name = "Sign in", Position = new NodePosition(380, 200) },
        ],
        Edges = [new FlowEdge(UserCodeNode, AskForUserCode.SignedIn, SignInNode)],
    };
}
