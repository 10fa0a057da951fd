using System.Text.Json.Nodes;
using Flows.Activities.Users;
using Flows.Engine.Activities;

namespace Flows.Activities;

/// <summary>
/// One passkey assertion inside a step, shared by the passkey step and the passkey autofill of the username steps: the
/// request options (with their single-use challenge) kept in the node's state, and the browser's answer verified by the
/// relying party against exactly those options, signing in the passkey's user.
/// </summary>
internal sealed class PasskeySignIn(IPasskeys passkeys, IUserDirectory users)
{
    // The options sent to the browser, with their challenge: the only ones this node accepts an answer to.
    private const string OptionsVariable = "passkeyRequest";

    /// <summary>Makes new options (a new challenge: an answer to an earlier one is refused) and keeps them for the answer.</summary>
    public async Task<JsonObject> BeginAsync(
        ActivityContext context, string? userId, string? passkeyId, PasskeyUserVerification userVerification)
    {
        var options = await passkeys.BeginAssertionAsync(context.EnvironmentId, userId, passkeyId, userVerification, context.CancellationToken);
        context.SetNodeVariable(OptionsVariable, options);
        return options;
    }

    /// <summary>The options the node is waiting on an answer to, if any.</summary>
    public static JsonObject? Pending(ActivityContext context) => context.GetNodeVariable<JsonObject>(OptionsVariable);

    /// <summary>Forgets the options: the challenge is used up with the step, so the same answer can never pass again.</summary>
    public static void End(ActivityContext context) => context.RemoveNodeVariable(OptionsVariable);

    /// <summary>
    /// Verifies the action's assertion against <paramref name="options"/>. With <paramref name="userId"/> the passkey must
    /// be that user's (WebAuthn §7.2 step 6: the credential and user handle name the user identified before); without, the
    /// passkey names its user. Signed in: the flow's user is the passkey's and the factor is recorded.
    /// </summary>
    public async Task<PasskeyAnswer> VerifyAsync(ActivityContext context, JsonObject options, string? userId, FlowAction action)
    {
        if (PasskeyResponses.Read(action, PasskeyFields.Assertion) is not { } assertion)
        {
            return new PasskeyAnswer(PasskeyAnswerKind.Missing, null);
        }

        var check = await passkeys.AssertAsync(context.EnvironmentId, userId, options, assertion, context.CancellationToken);
        if (!check.Verified || (userId is not null && check.UserId != userId))
        {
            return new PasskeyAnswer(PasskeyAnswerKind.Refused, check.Refusal ?? UnknownPasskeyMessage);
        }

        End(context);
        var user = await users.FindByIdAsync(context.EnvironmentId, check.UserId!, context.CancellationToken);
        if (user is not { Enabled: true })
        {
            return new PasskeyAnswer(PasskeyAnswerKind.Disabled, null);
        }

        context.State.UserId = user.Id;
        context.State.Username = user.Username;
        PasskeyResponses.RecordFactor(context, check.UserVerified, AuthenticationMethods.SoftwareKey, AuthenticationMethods.UserPresence);
        return new PasskeyAnswer(PasskeyAnswerKind.SignedIn, null);
    }

    private const string UnknownPasskeyMessage = "This passkey is not registered for this account.";
}

/// <summary>What became of a passkey answer: signed in, the passkey's user disabled, refused (with a message safe to show), or no answer sent.</summary>
internal readonly record struct PasskeyAnswer(PasskeyAnswerKind Kind, string? Refusal);

/// <summary>The kinds of <see cref="PasskeyAnswer"/>.</summary>
internal enum PasskeyAnswerKind
{
    SignedIn,
    Disabled,
    Refused,
    Missing,
}
