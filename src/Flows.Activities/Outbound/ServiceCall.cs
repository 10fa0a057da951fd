using System.Text.Json.Nodes;

namespace Flows.Activities.Outbound;

/// <summary>One request of a flow to an outside service: where, how, how long to wait, and the JSON body it sends.</summary>
public sealed record ServiceCall(
    string EnvironmentId,
    string Url,
    HttpServiceMethod Method,
    TimeSpan Timeout,
    int Retries,
    JsonObject Body);
