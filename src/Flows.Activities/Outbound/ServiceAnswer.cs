using System.Text.Json.Nodes;

namespace Flows.Activities.Outbound;

/// <summary>What came back from an outside service: a JSON object, or why there is none.</summary>
public sealed record ServiceAnswer(ServiceAnswerKind Kind, JsonObject? Body = null)
{
    public static ServiceAnswer Answered(JsonObject body) => new(ServiceAnswerKind.Answered, body);

    public static ServiceAnswer Failed { get; } = new(ServiceAnswerKind.Failed);

    public static ServiceAnswer TimedOut { get; } = new(ServiceAnswerKind.TimedOut);
}

/// <summary>How a call to an outside service ended.</summary>
public enum ServiceAnswerKind
{
    /// <summary>A 2xx answer whose body is a JSON object within the size limit.</summary>
    Answered,

    /// <summary>Refused (host not allowed, no secret), unreachable, an error status, or an answer that is not such an object.</summary>
    Failed,

    /// <summary>No answer within the node's timeout, retries included.</summary>
    TimedOut,
}
