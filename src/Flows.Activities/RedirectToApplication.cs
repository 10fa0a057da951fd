using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Activities.Outbound;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// Sends the user to an outside application (identity proofing, terms, a payment) with a signed, short-lived
/// <c>continue</c> token, and waits until that application answers the flow with a token signed by the
/// environment's shared secret; the outcome it names picks the edge.
/// </summary>
[Activity("Redirect to an application", ActivityCategories.External,
    "Sends the user to the URL with a signed continue token (flow, nonce, expiry and the data it names); the application answers at the flow's continue URL with a token signed by the environment's secret, naming one of the listed outcomes. error when it names another.")]
public sealed class RedirectToApplication(IApplicationRedirects redirects, IUserDirectory users) : InteractiveActivity
{
    [Outcome("The application's answer names no listed outcome, or the environment has no outbound secret to sign with.")]
    public const string Error = "error";

    /// <summary>The longest a continue token may be valid, whatever the node says.</summary>
    public static int MaxLifetimeSeconds => 3600;

    private const int DefaultLifetimeSeconds = 300;
    private const int NonceBytes = 32;
    private const string NonceVariable = "nonce";

    [ActivityInput("URL", "Where the user is sent; the continue token is added as the query parameter 'continue'.", Required = true)]
    public string Url { get; set; } = "";

    [ActivityInput("User attributes to pass", "id, username, email, name, groups or any attribute name; signed into the token as data.user.")]
    public string[] SendAttributes { get; set; } = [];

    [ActivityInput("Flow variables to pass", "Names of flow variables, signed into the token as data.variables.")]
    public string[] SendVariables { get; set; } = [];

    [ActivityInput("Answer fields to keep", "Fields of the answer's data kept as flow variables {node}.{field} (strings, numbers, booleans).")]
    public string[] KeepFields { get; set; } = [];

    [ActivityInput("Outcomes", "The outcomes the application may answer, each an edge (e.g. verified, rejected).",
        Required = true, NamesOutcomes = true)]
    public string[] Outcomes { get; set; } = [];

    [ActivityInput("Token lifetime (seconds)", "How long the continue token, and so the answer, is valid (at most 3600).",
        Default = DefaultLifetimeSeconds)]
    public int LifetimeSeconds { get; set; } = DefaultLifetimeSeconds;

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        // A fresh nonce per visit: an answer to an earlier visit (or another flow) names another one.
        var nonce = Base64Url(RandomNumberGenerator.GetBytes(NonceBytes));
        var expiresAt = context.Clock.GetUtcNow().AddSeconds(Math.Clamp(LifetimeSeconds, 30, MaxLifetimeSeconds));
        var data = await OutboundPayload.BuildAsync(context, users, SendAttributes, SendVariables);
        var token = await redirects.IssueContinueTokenAsync(
            new ContinueRequest(context.EnvironmentId, context.InstanceId, nonce, expiresAt, data), context.CancellationToken);
        if (token is null)
        {
            return ActivityResult.Outcome(Error);
        }

        context.SetNodeVariable(NonceVariable, nonce);
        var separator = Url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var redirectUrl = $"{Url.Trim()}{separator}{ApplicationAnswerFields.ContinueParameter}={Uri.EscapeDataString(token)}";
        return ActivityResult.Suspend(new FlowPrompt(FlowStatuses.ExternalActionRequired, [FlowActions.ExternalContinue], new JsonObject
        {
            [ApplicationAnswerFields.RedirectUrl] = redirectUrl,
            [ApplicationAnswerFields.Nonce] = nonce,
            [ApplicationAnswerFields.ExpiresAt] = expiresAt.ToString("O"),
        }));
    }

    /// <summary>The server verified the answer's signature, expiry, flow, session and single use before this runs.</summary>
    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action)
    {
        // Only the answer to this visit's token moves the flow on; anything else leaves the prompt as it is.
        var expected = context.GetNodeVariable<string>(NonceVariable);
        if (expected is null || action.GetString(ApplicationAnswerFields.Nonce) != expected)
        {
            return ValueTask.FromResult<ActivityResult>(ActivityResult.Suspend(context.CurrentPrompt!));
        }

        context.RemoveNodeVariable(NonceVariable);
        var answer = JsonNode.Parse(action.Body.GetRawText()) as JsonObject ?? [];
        if (answer[ApplicationAnswerFields.Data] is JsonObject data)
        {
            AnswerFields.Keep(context, data, KeepFields);
        }

        return ValueTask.FromResult(AnswerFields.OutcomeOf(answer, Outcomes) is { } outcome
            ? ActivityResult.Outcome(outcome)
            : ActivityResult.Outcome(Error));
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
