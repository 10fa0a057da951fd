using System.Text.Json.Nodes;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// Asks for a passkey (a WebAuthn assertion): as a second factor, of the user the flow identified; after an identifier,
/// of the user it names; or, before anyone is named, as a passwordless sign-in with a discoverable passkey that names its user.
/// </summary>
[Activity("Ask for a passkey", ActivityCategories.Mfa,
    "Asks the browser for a passkey. After a password: one of that user's passkeys (second factor). After an identifier: one of the passkeys of the user it names, never another user's. As the first step: any passkey the device offers for this site, which identifies the user (passwordless). The challenge is single-use and belongs to this flow; a response for another challenge or origin, a replay or a signature counter that went back is refused and changes nothing.")]
public sealed class AskForPasskey(IPasskeys passkeys, IUserDirectory users) : InteractiveActivity
{
    [Outcome("The passkey is verified; the user is signed in with swk and user, and mfa after another factor or with user verification.")]
    public const string Success = "success";

    [Outcome("The identified user (or the one the identifier names) has no passkey, or the identifier names no one.")]
    public const string NoPasskey = "noPasskey";

    [Outcome("The identified user chose to enter a recovery code instead (recoveryCode.use), e.g. with the device lost.")]
    public const string UseRecoveryCode = "useRecoveryCode";

    [Outcome("The passkey's user is disabled or gone.")]
    public const string Disabled = "disabled";

    private const string MissingAssertionMessage = "Your browser sent no passkey. Try again.";
    private const string NotThisAccountMessage = "This passkey is not registered for this account.";

    private readonly PasskeySignIn _signIn = new(passkeys, users);

    [ActivityInput("User verification",
        "required: the authenticator must verify the user (PIN, fingerprint, face) — use it for passwordless sign-in. " +
        "preferred: it verifies the user when it can.",
        Default = PasskeyUserVerification.Preferred)]
    public PasskeyUserVerification UserVerification { get; set; } = PasskeyUserVerification.Preferred;

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var claimed = await ClaimedUserAsync(context);
        if (claimed.Bound && (claimed.UserId is null
            || !await passkeys.HasAnyAsync(context.EnvironmentId, claimed.UserId, context.CancellationToken)))
        {
            return ActivityResult.Outcome(NoPasskey);
        }

        // Every entry into the step makes a new challenge; an answer to an earlier one is refused.
        // After a device choice, the browser is asked for that passkey only.
        var userId = context.State.UserId;
        var chosen = userId is null ? null : SelectedDevice.Of(context.State) is { Type: MfaDeviceKinds.Passkey } device ? device.Id : null;
        var options = await _signIn.BeginAsync(context, claimed.UserId, chosen, UserVerification);
        return ActivityResult.Suspend(Prompt(context, options));
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action)
    {
        if (PasskeySignIn.Pending(context) is not { } options)
        {
            return await ExecuteAsync(context);
        }

        if (action.Name == FlowActions.RecoveryCodeUse && context.State.UserId is not null)
        {
            PasskeySignIn.End(context);
            return ActivityResult.Outcome(UseRecoveryCode);
        }

        var claimed = await ClaimedUserAsync(context);
        if (claimed.Bound && claimed.UserId is null)
        {
            // The identifier names no one (any more): no passkey can be that user's.
            return ActivityResult.Reject(FlowErrorCodes.InvalidPasskey, NotThisAccountMessage);
        }

        var answer = await _signIn.VerifyAsync(context, options, claimed.UserId, action);
        return answer.Kind switch
        {
            PasskeyAnswerKind.SignedIn => ActivityResult.Outcome(Success),
            PasskeyAnswerKind.Disabled => ActivityResult.Outcome(Disabled),
            PasskeyAnswerKind.Refused => ActivityResult.Reject(FlowErrorCodes.InvalidPasskey, answer.Refusal!),
            _ => ActivityResult.Suspend(Prompt(context, options) with { Error = new FlowError(FlowErrorCodes.InvalidRequest, MissingAssertionMessage) }),
        };
    }

    /// <summary>
    /// The user the passkey must be of: the flow's user, else the one an identifier given before names (so that a
    /// passkey of someone else cannot sign in after another user's identifier); unbound before anyone is named.
    /// </summary>
    private async Task<(bool Bound, string? UserId)> ClaimedUserAsync(ActivityContext context)
    {
        if (context.State.UserId is { } userId)
        {
            return (true, userId);
        }

        if (GivenIdentifier.Of(context.State) is not { } identifier)
        {
            return (false, null);
        }

        var user = await users.FindByUsernameAsync(context.EnvironmentId, identifier, context.CancellationToken);
        return (true, user?.Id);
    }

    /// <summary>The request options; a known user may also turn to a recovery code (there is none to use without a user).</summary>
    private static FlowPrompt Prompt(ActivityContext context, JsonObject options) => new(
        FlowStatuses.AssertionRequired,
        context.State.UserId is null ? [FlowActions.AssertionCheck] : [FlowActions.AssertionCheck, FlowActions.RecoveryCodeUse],
        new JsonObject { [PasskeyFields.PublicKey] = options.DeepClone() });
}
