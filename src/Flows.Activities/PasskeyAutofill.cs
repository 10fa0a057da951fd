using System.Text.Json.Nodes;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// Passkey autofill (WebAuthn conditional mediation, §5.1.4 <c>mediation: "conditional"</c>) on a step that asks for a
/// username: the step's prompt carries request options for any discoverable passkey, and an
/// <see cref="FlowActions.AssertionCheck"/> answering them signs the passkey's user in without a password, through the
/// same verification as the passkey step (<see cref="PasskeySignIn"/>).
/// </summary>
internal sealed class PasskeyAutofill(IPasskeys passkeys, IUserDirectory users)
{
    /// <summary>The description of the activities' input that turns it on.</summary>
    public const string InputDescription =
        "Offers the passkeys this browser holds for the site in the username field's autofill (WebAuthn conditional " +
        "mediation); choosing one signs in without a password and follows passkeySignedIn. The authenticator must verify " +
        "the user (PIN, fingerprint, face). Off (the default): the step is as without it. The page works without JavaScript either way.";

    /// <summary>The description of the outcome it adds.</summary>
    public const string OutcomeDescription =
        "A passkey chosen from the browser's autofill signed the user in (only with passkey autofill on): swk, user and mfa.";

    private const string MissingAssertionMessage = "Your browser sent no passkey. Try again.";
    private const string NotOfferedMessage = "This passkey response is not for this sign-in. Try again.";
    private const string DisabledMessage = "Your account is disabled. Contact your administrator.";

    // No password follows: the passkey must be two factors by itself (possession and the PIN or biometrics that unlock it).
    private const PasskeyUserVerification Verification = PasskeyUserVerification.Required;

    private readonly PasskeySignIn _signIn = new(passkeys, users);

    /// <summary>The options the step offers: those it issued already, else new ones (a new single-use challenge).</summary>
    public async Task<JsonObject> OptionsAsync(ActivityContext context) =>
        PasskeySignIn.Pending(context) ?? await _signIn.BeginAsync(context, userId: null, passkeyId: null, Verification);

    /// <summary>Verifies an autofill answer against the options the step issued; no options issued, nothing is accepted.</summary>
    public async Task<PasskeyAnswer> CheckAsync(ActivityContext context, FlowAction action) =>
        PasskeySignIn.Pending(context) is { } options
            ? await _signIn.VerifyAsync(context, options, userId: null, action)
            : new PasskeyAnswer(PasskeyAnswerKind.Refused, NotOfferedMessage);

    /// <summary>The prompt with the autofill added: its action, and the options as the passkey step gives them (<c>publicKey</c>).</summary>
    public static FlowPrompt Offer(FlowPrompt prompt, JsonObject options)
    {
        var data = prompt.Data?.DeepClone().AsObject() ?? [];
        data[PasskeyFields.PublicKey] = options.DeepClone();
        return prompt with { Actions = [.. prompt.Actions, FlowActions.AssertionCheck], Data = data };
    }

    /// <summary>What a step answers to a refused or missing autofill answer (a signed-in one follows the step's outcome).</summary>
    public static ActivityResult Refusal(PasskeyAnswer answer, FlowPrompt prompt) => answer.Kind switch
    {
        PasskeyAnswerKind.Refused => ActivityResult.Reject(FlowErrorCodes.InvalidPasskey, answer.Refusal!),
        PasskeyAnswerKind.Disabled => ActivityResult.Reject(FlowErrorCodes.InvalidPasskey, DisabledMessage),
        _ => ActivityResult.Suspend(prompt with { Error = new FlowError(FlowErrorCodes.InvalidRequest, MissingAssertionMessage) }),
    };

    /// <summary>Forgets the issued options once the step is left: its challenge answers nothing any more.</summary>
    public static ActivityResult Leave(ActivityContext context, ActivityResult result)
    {
        if (result is OutcomeResult)
        {
            PasskeySignIn.End(context);
        }

        return result;
    }
}
