using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// After a second factor, remembers the user's browser for some days (or asks whether to), so that
/// <see cref="DeviceRemembered"/> lets its next sign-ins skip the second factor.
/// </summary>
[Activity("Remember this device", ActivityCategories.Mfa,
    "After a second factor, offers to remember this browser for the days set (or remembers it without asking); DeviceRemembered then lets its sign-ins skip the second factor. A password change, removing a device or the management API forgets it. Without a second factor in this flow nothing is remembered.")]
public sealed class RememberDevice(IRememberedDevices rememberedDevices) : InteractiveActivity
{
    [Outcome("The browser is remembered.")]
    public const string Remembered = "remembered";

    [Outcome("The user declined, or this flow did no second factor to remember.")]
    public const string NotRemembered = "notRemembered";

    private const int DefaultDays = 30;
    private const int MaxDays = 365;

    private const string NoUserMessage = "This sign-in step needs a user, but none was identified before it.";

    [ActivityInput("Days", "How long the browser stays remembered (1 to 365).", Default = DefaultDays)]
    public int Days { get; set; } = DefaultDays;

    [ActivityInput("Ask the user", "Off: remember the browser without asking (e.g. on managed devices).", Default = true)]
    public bool Ask { get; set; } = true;

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.State.UserId is not { } userId)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoUserMessage);
        }

        // Only a second factor done in this flow earns the browser a pass on the next ones.
        if (!context.State.Amr.Contains(AuthenticationMethods.MultiFactor, StringComparer.Ordinal))
        {
            return ActivityResult.Outcome(NotRemembered);
        }

        return Ask ? ActivityResult.Suspend(Prompt()) : await RememberAsync(context, userId);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action)
    {
        if (context.State.UserId is not { } userId)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoUserMessage);
        }

        return Wants(action) ? await RememberAsync(context, userId) : ActivityResult.Outcome(NotRemembered);
    }

    private async Task<ActivityResult> RememberAsync(ActivityContext context, string userId)
    {
        await rememberedDevices.RememberAsync(context.EnvironmentId, userId, TimeSpan.FromDays(Lifetime), context.CancellationToken);
        return ActivityResult.Outcome(Remembered);
    }

    /// <summary>True only when the answer says so, as JSON true or the text "true" a form posts.</summary>
    private static bool Wants(FlowAction action) =>
        action.Body.ValueKind == JsonValueKind.Object
        && action.Body.TryGetProperty(RememberDeviceFields.Remember, out var value)
        && (value.ValueKind == JsonValueKind.True
            || value.ValueKind == JsonValueKind.String && string.Equals(value.GetString(), bool.TrueString, StringComparison.OrdinalIgnoreCase));

    private int Lifetime => Math.Clamp(Days, 1, MaxDays);

    private FlowPrompt Prompt() =>
        new(FlowStatuses.RememberDeviceRequired, [FlowActions.DeviceRemember], new JsonObject { [RememberDeviceFields.Days] = Lifetime });
}
