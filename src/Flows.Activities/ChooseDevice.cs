using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// Lets a user with several second-factor devices pick one, and follows the outcome of its kind; the flow keeps the
/// choice (<see cref="FlowVariables.SelectedDevice"/>) for the factor that follows. One device is chosen without asking.
/// </summary>
[Activity("Choose a device", ActivityCategories.Mfa,
    "Lists the user's second-factor devices of the allowed kinds by a masked name (a•••@example.com, +1•••67) and follows the outcome of the chosen one's kind; the next factor uses that device. A single device is taken without asking; none follows noDevice.")]
public sealed class ChooseDevice(IMfaDevices devices) : InteractiveActivity
{
    [Outcome("The user chose (or has only) an authenticator app.")]
    public const string Totp = MfaDeviceKinds.Totp;

    [Outcome("The user chose (or has only) a passkey.")]
    public const string Passkey = MfaDeviceKinds.Passkey;

    [Outcome("The user has no second-factor device.")]
    public const string NoDevice = "noDevice";

    private const string NoUserMessage = "This sign-in step needs a user, but none was identified before it.";
    private const string UnknownDeviceMessage = "Choose one of the devices listed.";

    [ActivityInput("Allowed kinds",
        "The kinds of device listed: passkey, totp, and email or sms, each of these two one more outcome. Empty: passkey and totp.",
        Default = new[] { MfaDeviceKinds.Passkey, MfaDeviceKinds.Totp }, NamesOutcomes = true)]
    public string[] AllowedKinds { get; set; } = [MfaDeviceKinds.Passkey, MfaDeviceKinds.Totp];

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.State.UserId is not { } userId)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoUserMessage);
        }

        var listed = await ListAsync(context, userId);
        return listed.Count switch
        {
            0 => ActivityResult.Outcome(NoDevice),
            1 => Choose(context, listed[0]),
            _ => ActivityResult.Suspend(Prompt(listed)),
        };
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action)
    {
        if (context.State.UserId is not { } userId)
        {
            return ActivityResult.Fail(FlowErrorCodes.UserNotIdentified, NoUserMessage);
        }

        // Listed again: a device removed since the prompt was shown cannot be chosen.
        var listed = await ListAsync(context, userId);
        if (listed.Count < 2)
        {
            return await ExecuteAsync(context);
        }

        var id = ChosenId(action);
        var chosen = listed.FirstOrDefault(device => string.Equals(device.Id, id, StringComparison.Ordinal));
        return chosen is null
            ? ActivityResult.Suspend(Prompt(listed) with { Error = new FlowError(FlowErrorCodes.InvalidRequest, UnknownDeviceMessage) })
            : Choose(context, chosen);
    }

    private static string? ChosenId(FlowAction action) =>
        action.Body.ValueKind == JsonValueKind.Object
        && action.Body.TryGetProperty(DeviceSelectionFields.Device, out var device)
        && device.ValueKind == JsonValueKind.Object
        && device.TryGetProperty(DeviceSelectionFields.Id, out var id)
        && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;

    /// <summary>The devices of kinds this node has an outcome for (a kind the graph cannot route is not offered).</summary>
    private async Task<IReadOnlyList<MfaDevice>> ListAsync(ActivityContext context, string userId)
    {
        var allowed = MfaDeviceKinds.Allowed(AllowedKinds);
        return [.. (await devices.ListAsync(context.EnvironmentId, userId, context.CancellationToken)).Where(device => allowed.Contains(device.Type, StringComparer.Ordinal))];
    }

    private static ActivityResult Choose(ActivityContext context, MfaDevice device)
    {
        new SelectedDevice(device.Id, device.Type).KeepIn(context.State);
        return ActivityResult.Outcome(device.Type);
    }

    private static FlowPrompt Prompt(IReadOnlyList<MfaDevice> listed) => new(
        FlowStatuses.DeviceSelectionRequired,
        [FlowActions.DeviceSelect],
        new JsonObject
        {
            [DeviceSelectionFields.Devices] = new JsonArray([.. listed.Select(device => (JsonNode)new JsonObject
            {
                [DeviceSelectionFields.Id] = device.Id,
                [DeviceSelectionFields.Type] = device.Type,
                [DeviceSelectionFields.Name] = device.Name,
                [DeviceSelectionFields.CreatedAt] = device.CreatedAt,
            })]),
        });
}
