using System.Text.Json.Nodes;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;
using OtpNet;

namespace Flows.Activities;

/// <summary>Enrolls a TOTP authenticator app for the identified user: shows a new key, stores it once a code from it is right.</summary>
[Activity("Enroll an authenticator", ActivityCategories.Mfa,
    "Shows a user without an authenticator a new key (QR code and text) and asks for a code from it; the right code stores the key.")]
public sealed class EnrollOtp(IUserDirectory users) : InteractiveActivity
{
    [Outcome("A code from the new authenticator is right: the key is stored and the user is signed in with otp and mfa.")]
    public const string Success = "success";

    [Outcome("The user has an authenticator already, enrolled before or meanwhile in another sign-in.")]
    public const string AlreadyEnrolled = "alreadyEnrolled";

    [Outcome("Every allowed attempt was wrong; no key was stored.")]
    public const string TooManyAttempts = "tooManyAttempts";

    /// <summary>RFC 4226 §4 recommends 160 bits, the size of an HMAC-SHA1 key.</summary>
    private const int KeyBytes = 20;

    private const string IssuerPrefix = "Flows";
    private const int DefaultMaxAttempts = 5;
    private const int DefaultClockDriftSteps = 1;

    // Flow state only until confirmed; the inspector hides it by its name (it says "secret").
    private const string PendingSecretVariable = "pendingSecret";

    private const string NoUserMessage = "This sign-in step needs a user, but none was identified before it.";
    private const string UnknownUserMessage = "This account is disabled.";
    private const string MissingCodeMessage = "Enter the code your authenticator app shows for the new key.";
    private const string InvalidOtpMessage = "The code is incorrect or has expired.";

    [ActivityInput("Issuer", "The name authenticator apps show with the account, e.g. the company or the service; empty: Flows and the environment's id.")]
    public string Issuer { get; set; } = "";

    [ActivityInput("Maximum attempts", "How many wrong codes the user may enter before the tooManyAttempts outcome.",
        Default = DefaultMaxAttempts)]
    public int MaxAttempts { get; set; } = DefaultMaxAttempts;

    [ActivityInput("Allowed clock drift (steps)", "How many 30-second steps before or after now a code may belong to.",
        Default = DefaultClockDriftSteps)]
    public int AllowedClockDriftSteps { get; set; } = DefaultClockDriftSteps;

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.State.UserId is not { } userId)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoUserMessage);
        }

        var user = await users.FindByIdAsync(context.EnvironmentId, userId, context.CancellationToken);
        if (user is null)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserDisabled, UnknownUserMessage);
        }

        if (user.HasOtpDevice)
        {
            return Leave(context, AlreadyEnrolled);
        }

        // Re-entering the node in the same flow does not grant a fresh set of guesses.
        var remaining = RemainingAttempts(context);
        if (remaining == 0)
        {
            return Leave(context, TooManyAttempts);
        }

        // A restarted flow keeps node variables: the key is reused only for the user it was made for.
        var pending = context.GetNodeVariable<PendingSecret>(PendingSecretVariable);
        if (pending?.UserId != userId)
        {
            pending = new PendingSecret(userId, user.Username, Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(KeyBytes)).TrimEnd('='));
            context.SetNodeVariable(PendingSecretVariable, pending);
        }

        return ActivityResult.Suspend(Prompt(context, pending, remaining));
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action)
    {
        if (context.State.UserId is not { } userId
            || context.GetNodeVariable<PendingSecret>(PendingSecretVariable) is not { } pending || pending.UserId != userId)
        {
            return await ExecuteAsync(context);
        }

        // People type codes as "123 456"; spaces are never part of one.
        var code = action.GetString(OtpEnrollmentFields.Code)?.Replace(" ", "", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(code))
        {
            return ActivityResult.Suspend(Prompt(context, pending, RemainingAttempts(context)) with
            {
                Error = new FlowError(FlowErrorCodes.InvalidRequest, MissingCodeMessage),
            });
        }

        var secret = Base32Encoding.ToBytes(pending.Key);
        var drift = Math.Max(0, AllowedClockDriftSteps);
        if (!new Totp(secret).VerifyTotp(context.Clock.GetUtcNow().UtcDateTime, code, out var timeStep, new VerificationWindow(drift, drift)))
        {
            return WrongCode(context, pending);
        }

        // Conditional on no key being stored: of two enrollments at once exactly one wins, and the winner's
        // code is used up with it.
        if (!await users.TryEnrollTotpAsync(context.EnvironmentId, userId, secret, timeStep, context.CancellationToken))
        {
            return Leave(context, AlreadyEnrolled);
        }

        context.State.AddAuthenticationMethod(AuthenticationMethods.Otp);
        context.State.AddAuthenticationMethod(AuthenticationMethods.MultiFactor);
        context.State.AuthenticatedAt = context.Clock.GetUtcNow();
        return Leave(context, Success);
    }

    private ActivityResult WrongCode(ActivityContext context, PendingSecret pending)
    {
        WrongCodeCount.Add(context);
        var remaining = RemainingAttempts(context);
        return remaining > 0
            ? ActivityResult.Suspend(Prompt(context, pending, remaining) with { Error = new FlowError(FlowErrorCodes.InvalidOtp, InvalidOtpMessage) })
            : Leave(context, TooManyAttempts);
    }

    /// <summary>Follows the outcome, forgetting the unconfirmed key: it must not outlive the step in the stored state.</summary>
    private static ActivityResult Leave(ActivityContext context, string outcome)
    {
        context.RemoveNodeVariable(PendingSecretVariable);
        if (outcome != TooManyAttempts)
        {
            WrongCodeCount.Forget(context);
        }

        return ActivityResult.Outcome(outcome);
    }

    private int RemainingAttempts(ActivityContext context) => WrongCodeCount.Remaining(context, MaxAttempts);

    private FlowPrompt Prompt(ActivityContext context, PendingSecret pending, int remainingAttempts)
    {
        // Apps list keys by issuer and account: the environment tells apart accounts of one name on one server.
        var issuer = string.IsNullOrWhiteSpace(Issuer) ? $"{IssuerPrefix} {context.EnvironmentId}" : Issuer.Trim();
        return new(FlowStatuses.OtpEnrollmentRequired, [FlowActions.OtpEnroll], new JsonObject
        {
            [OtpEnrollmentFields.OtpauthUri] = TotpKeyUri.For(issuer, pending.Account, pending.Key),
            [OtpEnrollmentFields.Secret] = pending.Key,
            [OtpEnrollmentFields.Issuer] = issuer,
            [OtpEnrollmentFields.Account] = pending.Account,
            [OtpEnrollmentFields.RemainingAttempts] = remainingAttempts,
        });
    }

    /// <summary>The key shown to the user and not yet confirmed, with the user (and account label) it was made for.</summary>
    private sealed record PendingSecret(string UserId, string Account, string Key);
}
