using System.Text.Json.Nodes;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>Registers a passkey for the identified user: the browser creates one for this site, the server stores it once verified.</summary>
[Activity("Register a passkey", ActivityCategories.Mfa,
    "Has the browser create a passkey (a discoverable WebAuthn credential) for the identified user and stores it once its attestation is verified. Registering proves no factor: follow it with Ask for a passkey if the sign-in should count it.")]
public sealed class RegisterPasskey(IPasskeys passkeys, IUserDirectory users) : InteractiveActivity
{
    [Outcome("The passkey is stored.")]
    public const string Success = "success";

    private const string OptionsVariable = "passkeyCreation";

    private const string NoUserMessage = "This sign-in step needs a user, but none was identified before it.";
    private const string UnknownUserMessage = "This account is disabled.";
    private const string MissingAttestationMessage = "Your browser sent no passkey. Try again.";

    [ActivityInput("User verification",
        "required: the authenticator must verify the user (PIN, fingerprint, face) when creating the passkey. " +
        "preferred: it verifies the user when it can.",
        Default = PasskeyUserVerification.Preferred)]
    public PasskeyUserVerification UserVerification { get; set; } = PasskeyUserVerification.Preferred;

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.State.UserId is not { } userId)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoUserMessage);
        }

        if (await users.FindByIdAsync(context.EnvironmentId, userId, context.CancellationToken) is not { Enabled: true } user)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserDisabled, UnknownUserMessage);
        }

        var options = await passkeys.BeginRegistrationAsync(context.EnvironmentId, user, UserVerification, context.CancellationToken);
        context.SetNodeVariable(OptionsVariable, options);
        return ActivityResult.Suspend(Prompt(options));
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action)
    {
        if (context.State.UserId is not { } userId || context.GetNodeVariable<JsonObject>(OptionsVariable) is not { } options)
        {
            return await ExecuteAsync(context);
        }

        if (PasskeyResponses.Read(action, PasskeyFields.Attestation) is not { } attestation)
        {
            return ActivityResult.Suspend(Prompt(options) with { Error = new FlowError(FlowErrorCodes.InvalidRequest, MissingAttestationMessage) });
        }

        var check = await passkeys.RegisterAsync(context.EnvironmentId, userId, options, attestation, context.CancellationToken);
        if (!check.Verified)
        {
            return ActivityResult.Reject(FlowErrorCodes.InvalidPasskey, check.Refusal!);
        }

        context.RemoveNodeVariable(OptionsVariable);
        return ActivityResult.Outcome(Success);
    }

    private static FlowPrompt Prompt(JsonObject options) =>
        new(FlowStatuses.PasskeyRegistrationRequired, [FlowActions.PasskeyRegister], new JsonObject { [PasskeyFields.PublicKey] = options.DeepClone() });
}
