using System.Text.Json.Nodes;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// Asks for a passkey (a WebAuthn assertion): as a second factor, of the user the flow identified, or, before anyone
/// is identified, as a passwordless sign-in with a discoverable passkey that names its user.
/// </summary>
[Activity("Ask for a passkey", ActivityCategories.Mfa,
    "Asks the browser for a passkey. After a password: one of that user's passkeys (second factor). As the first step: any passkey the device offers for this site, which identifies the user (passwordless). The challenge is single-use and belongs to this flow; a response for another challenge or origin, a replay or a signature counter that went back is refused and changes nothing.")]
public sealed class AskForPasskey(IPasskeys passkeys, IUserDirectory users) : InteractiveActivity
{
    [Outcome("The passkey is verified; the user is signed in with swk and user, and mfa after another factor or with user verification.")]
    public const string Success = "success";

    [Outcome("The identified user has no passkey.")]
    public const string NoPasskey = "noPasskey";

    [Outcome("The identified user chose to enter a recovery code instead (recoveryCode.use), e.g. with the device lost.")]
    public const string UseRecoveryCode = "useRecoveryCode";

    [Outcome("The passkey's user is disabled or gone.")]
    public const string Disabled = "disabled";

    // The options sent to the browser, with their challenge: the only ones this node accepts an answer to.
    private const string OptionsVariable = "passkeyRequest";

    private const string MissingAssertionMessage = "Your browser sent no passkey. Try again.";

    [ActivityInput("User verification",
        "required: the authenticator must verify the user (PIN, fingerprint, face) — use it for passwordless sign-in. " +
        "preferred: it verifies the user when it can.",
        Default = PasskeyUserVerification.Preferred)]
    public PasskeyUserVerification UserVerification { get; set; } = PasskeyUserVerification.Preferred;

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var userId = context.State.UserId;
        if (userId is not null && !await passkeys.HasAnyAsync(context.EnvironmentId, userId, context.CancellationToken))
        {
            return ActivityResult.Outcome(NoPasskey);
        }

        // Every entry into the step makes a new challenge; an answer to an earlier one is refused.
        // After a device choice, the browser is asked for that passkey only.
        var chosen = userId is null ? null : SelectedDevice.Of(context.State) is { Type: MfaDeviceKinds.Passkey } device ? device.Id : null;
        var options = await passkeys.BeginAssertionAsync(context.EnvironmentId, userId, chosen, UserVerification, context.CancellationToken);
        context.SetNodeVariable(OptionsVariable, options);
        return ActivityResult.Suspend(Prompt(context, options));
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action)
    {
        if (context.GetNodeVariable<JsonObject>(OptionsVariable) is not { } options)
        {
            return await ExecuteAsync(context);
        }

        if (action.Name == FlowActions.RecoveryCodeUse && context.State.UserId is not null)
        {
            context.RemoveNodeVariable(OptionsVariable);
            return ActivityResult.Outcome(UseRecoveryCode);
        }

        if (PasskeyResponses.Read(action, PasskeyFields.Assertion) is not { } assertion)
        {
            return ActivityResult.Suspend(Prompt(context, options) with { Error = new FlowError(FlowErrorCodes.InvalidRequest, MissingAssertionMessage) });
        }

        var check = await passkeys.AssertAsync(context.EnvironmentId, context.State.UserId, options, assertion, context.CancellationToken);
        if (!check.Verified)
        {
            return ActivityResult.Reject(FlowErrorCodes.InvalidPasskey, check.Refusal!);
        }

        var user = await users.FindByIdAsync(context.EnvironmentId, check.UserId!, context.CancellationToken);
        if (user is not { Enabled: true })
        {
            context.RemoveNodeVariable(OptionsVariable);
            return ActivityResult.Outcome(Disabled);
        }

        // The challenge is used up with the step: the same answer can never pass again.
        context.RemoveNodeVariable(OptionsVariable);
        context.State.UserId = user.Id;
        context.State.Username = user.Username;
        PasskeyResponses.RecordFactor(context, check.UserVerified, AuthenticationMethods.SoftwareKey, AuthenticationMethods.UserPresence);
        return ActivityResult.Outcome(Success);
    }

    /// <summary>The request options; a known user may also turn to a recovery code (there is none to use without a user).</summary>
    private static FlowPrompt Prompt(ActivityContext context, JsonObject options) => new(
        FlowStatuses.AssertionRequired,
        context.State.UserId is null ? [FlowActions.AssertionCheck] : [FlowActions.AssertionCheck, FlowActions.RecoveryCodeUse],
        new JsonObject { [PasskeyFields.PublicKey] = options.DeepClone() });
}
