using Flows.Activities.Outbound;
using Flows.Activities.Users;
using Flows.Engine.Activities;

namespace Flows.Activities;

/// <summary>
/// Asks an outside service (a risk engine, a fraud check, a directory) over HTTPS and follows the outcome it answers.
/// The request is signed with the environment's secret and may go only to the environment's allowed hosts.
/// </summary>
/// <remarks>
/// Like every step it runs inside the request that moves the flow. The runner holds no transaction or lock while a
/// step runs — it reads the instance, runs the steps, then saves once, conditionally on the revision — so the wait is
/// only this request's, bounded by <see cref="MaxTimeoutSeconds"/> per attempt and <see cref="MaxRetries"/> retries.
/// </remarks>
[Activity("Call an HTTP service", ActivityCategories.External,
    "Sends a signed JSON request (the user attributes and flow variables it names) to an allowed host and follows the outcome the answer's 'outcome' field names; error when the call fails or the answer names no listed outcome, timeout when no answer comes in time.")]
public sealed class CallHttpService(IHttpServiceClient client, IUserDirectory users) : Activity
{
    [Outcome("The service failed (an error status, unreachable, a host not allowed), or its answer is not a JSON object naming a listed outcome.")]
    public const string Error = "error";

    [Outcome("The service did not answer within the timeout, retries included.")]
    public const string Timeout = "timeout";

    /// <summary>The longest one attempt may take, whatever the node says.</summary>
    public static int MaxTimeoutSeconds => 30;

    /// <summary>The most retries a node may ask for.</summary>
    public static int MaxRetries => 3;

    private const int DefaultTimeoutSeconds = 5;
    private const int DefaultRetries = 1;

    [ActivityInput("URL", "The service's https:// address; its host must be on the environment's outbound allow-list.", Required = true)]
    public string Url { get; set; } = "";

    [ActivityInput("Method", "The HTTP method of the request.", Default = HttpServiceMethod.Post)]
    public HttpServiceMethod Method { get; set; } = HttpServiceMethod.Post;

    [ActivityInput("Timeout (seconds)", "How long one attempt may take (at most 30).", Default = DefaultTimeoutSeconds)]
    public int TimeoutSeconds { get; set; } = DefaultTimeoutSeconds;

    [ActivityInput("Retries", "How many times a failed or timed-out attempt is tried again (at most 3), with a jittered wait.", Default = DefaultRetries)]
    public int Retries { get; set; } = DefaultRetries;

    [ActivityInput("User attributes to send", "id, username, email, name, groups or any attribute name; sent as body.user.")]
    public string[] SendAttributes { get; set; } = [];

    [ActivityInput("Flow variables to send", "Names of flow variables, sent as body.variables.")]
    public string[] SendVariables { get; set; } = [];

    [ActivityInput("Answer fields to keep", "Fields of the answer kept as flow variables {node}.{field} (strings, numbers, booleans).")]
    public string[] KeepFields { get; set; } = [];

    [ActivityInput("Outcomes", "The values the answer's 'outcome' field may take, each an edge (e.g. allow, deny, challenge).",
        Required = true, NamesOutcomes = true)]
    public string[] Outcomes { get; set; } = [];

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var body = await OutboundPayload.BuildAsync(context, users, SendAttributes, SendVariables);
        var call = new ServiceCall(context.EnvironmentId, Url.Trim(), Method,
            TimeSpan.FromSeconds(Math.Clamp(TimeoutSeconds, 1, MaxTimeoutSeconds)), Math.Clamp(Retries, 0, MaxRetries), body);
        var answer = await client.CallAsync(call, context.CancellationToken);
        if (answer.Kind == ServiceAnswerKind.TimedOut)
        {
            return ActivityResult.Outcome(Timeout);
        }

        if (answer.Body is not { } received || AnswerFields.OutcomeOf(received, Outcomes) is not { } outcome)
        {
            return ActivityResult.Outcome(Error);
        }

        AnswerFields.Keep(context, received, KeepFields);
        return ActivityResult.Outcome(outcome);
    }
}
