using Flows.AuthServer.Sessions;
using Flows.Engine.Instances;

namespace Flows.AuthServer.Flows;

/// <summary>A flow after a call that may have completed it; <see cref="Renewed"/> is the session's new token when it did.</summary>
public sealed record SignOnResult(FlowInstance Flow, RenewedSession? Renewed);
