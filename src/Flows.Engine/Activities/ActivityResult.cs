using Flows.Engine.Instances;

namespace Flows.Engine.Activities;

/// <summary>What an activity decided: follow an outcome, wait on the user, hand over to another flow, or end the flow.</summary>
public abstract record ActivityResult
{
    public static ActivityResult Outcome(string name) => new OutcomeResult(name);

    public static ActivityResult Suspend(FlowPrompt prompt) => new SuspendResult(prompt);

    public static ActivityResult Complete() => new CompleteResult();

    public static ActivityResult Fail(string code, string message) => new FailResult(new FlowError(code, message));

    public static ActivityResult HandOver(string definitionId, int version, string? applicationId) =>
        new HandOverResult(definitionId, version, applicationId);

    /// <summary>Runs a published version of another flow within this instance, then continues by the outcome it ends with.</summary>
    public static ActivityResult RunSubFlow(string definitionId, int version) => new RunSubFlowResult(definitionId, version);

    /// <summary>Ends the sub-flow the step belongs to; its caller continues along <paramref name="outcome"/>.</summary>
    public static ActivityResult EndSubFlow(string outcome) => new EndSubFlowResult(outcome);

    /// <summary>Refuses the action as it was sent: the caller gets the error and the instance stays exactly as stored.</summary>
    public static ActivityResult Reject(string code, string message, string? target = null) => new RejectResult(new FlowError(code, message, target));

    /// <summary>As <see cref="Reject(string, string, string?)"/>, with the problem of each field of the answer.</summary>
    public static ActivityResult Reject(FlowError error) => new RejectResult(error);
}

/// <summary>Continue along the edge named by the outcome.</summary>
public sealed record OutcomeResult(string Name) : ActivityResult;

/// <summary>Persist the instance and wait for the user to answer the prompt.</summary>
public sealed record SuspendResult(FlowPrompt Prompt) : ActivityResult;

/// <summary>The user is authenticated; the flow is done.</summary>
public sealed record CompleteResult : ActivityResult;

/// <summary>The flow ends without authenticating anyone; the error is shown to the user.</summary>
public sealed record FailResult(FlowError Error) : ActivityResult;

/// <summary>
/// Continue the instance at the start of another published definition (the flow an application's sign-ins run, once
/// a first step found the application): same id, session, user and variables; it finishes on that definition.
/// </summary>
public sealed record HandOverResult(string DefinitionId, int Version, string? ApplicationId) : ActivityResult;

/// <summary>
/// The answer to the prompt is refused and nothing is saved: a response that cannot be genuine (a WebAuthn
/// assertion of another challenge or origin, a replay) must neither use up an attempt nor move the flow. Only an
/// answer to a prompt can be rejected; a step that rejects while it is entered fails the flow.
/// </summary>
public sealed record RejectResult(FlowError Error) : ActivityResult;

/// <summary>
/// Run <see cref="Version"/> of <see cref="DefinitionId"/> from its start, within the same instance (same user, state
/// and prompts), and continue the calling node by how it ends (see <see cref="SubFlowOutcomes"/>).
/// </summary>
public sealed record RunSubFlowResult(string DefinitionId, int Version) : ActivityResult;

/// <summary>The sub-flow is done; the node that runs it continues along the outcome <see cref="Name"/>.</summary>
public sealed record EndSubFlowResult(string Name) : ActivityResult;
