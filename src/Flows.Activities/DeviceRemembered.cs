using Flows.Activities.Users;
using Flows.Engine.Activities;

namespace Flows.Activities;

/// <summary>Branches on whether the browser carries a remembered device of the flow's user (<see cref="RememberDevice"/>).</summary>
[Activity("Device remembered", ActivityCategories.Mfa,
    "Follows yes when this browser was remembered for the flow's user after a second factor and that was not revoked since (a password change, a removed device, the management API); no otherwise. It adds nothing to amr: the sign-in claims only the factors it did.")]
public sealed class DeviceRemembered(IRememberedDevices rememberedDevices) : Activity
{
    [Outcome("The browser is remembered for the user.")]
    public const string Yes = "yes";

    [Outcome("It is not, or no user is identified.")]
    public const string No = "no";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ActivityResult.Outcome(context.State.UserId is { } userId
            && await rememberedDevices.IsRememberedAsync(context.EnvironmentId, userId, context.CancellationToken) ? Yes : No);
}
