namespace Flows.Activities.Outbound;

/// <summary>
/// The body of the <see cref="FlowActions.ExternalContinue"/> action: what the server read from an outside
/// application's verified answer token.
/// </summary>
public static class ApplicationAnswerFields
{
    /// <summary>The nonce of the continue token the answer replies to; the prompt shows it too (it is in the token the browser carries).</summary>
    public const string Nonce = "nonce";

    /// <summary>The outcome the application chose.</summary>
    public const string Outcome = AnswerFields.Outcome;

    /// <summary>The object of fields the application returns; the node keeps the ones it names.</summary>
    public const string Data = "data";

    /// <summary>The prompt's data: where the user is sent (the continue token in its query), its nonce, and until when it is valid.</summary>
    public const string RedirectUrl = "redirectUrl";

    public const string ExpiresAt = "expiresAt";

    /// <summary>The query parameter of the redirect URL that carries the continue token.</summary>
    public const string ContinueParameter = "continue";
}
