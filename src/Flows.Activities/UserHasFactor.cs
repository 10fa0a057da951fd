using Flows.Activities.Users;
using Flows.Engine.Activities;

namespace Flows.Activities;

/// <summary>
/// Branches on whether the flow's user has a second factor of a kind (a passkey, an authenticator app, a verified e-mail
/// address or phone number, recovery codes), or any device.
/// </summary>
[Activity("User has factor", ActivityCategories.Mfa,
    "Follows yes when the flow's user has a second factor of the kind named (totp, passkey, email, sms, recoveryCodes), or with no kind named any device; no otherwise, also when no user is identified yet. E-mail and SMS count only when verified.")]
public sealed class UserHasFactor(IMfaDevices devices, IRecoveryCodes recoveryCodes) : Activity
{
    [Outcome("The user has such a factor.")]
    public const string Yes = "yes";

    [Outcome("The user has none, or no user is identified.")]
    public const string No = "no";

    [ActivityInput("Factor", "totp, passkey, email, sms or recoveryCodes; empty: any device (an authenticator app, a passkey, a verified e-mail address or phone number).")]
    public string Factor { get; set; } = "";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.State.UserId is not { } userId)
        {
            return ActivityResult.Outcome(No);
        }

        var kind = Factor.Trim();
        var has = kind == MfaDeviceKinds.RecoveryCodes
            ? await recoveryCodes.HasAnyAsync(context.EnvironmentId, userId, context.CancellationToken)
            : (await devices.ListAsync(context.EnvironmentId, userId, context.CancellationToken))
                .Any(device => kind.Length == 0 || string.Equals(device.Type, kind, StringComparison.Ordinal));
        return ActivityResult.Outcome(has ? Yes : No);
    }
}
