using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Activities.Users;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// The first step of the device verification page (RFC 8628 §3.3): asks for the user code a device shows, then hands
/// the flow over to the sign-in flow of the device's application (or signs the session's user in again when the session
/// already completed that flow), whose sign-in step asks the user's consent for the device.
/// </summary>
[Activity("Ask for a device's user code", ActivityCategories.Login,
    "Asks for the code a device shows (OAuth device authorization grant) and continues with the sign-in flow of the device's application. A wrong or expired code is reported and asked again; wrong codes also count per address.")]
public sealed class AskForUserCode(IDeviceAuthorizations devices) : InteractiveActivity
{
    [Outcome("The session already completed the application's flow: its user is signed in again without it.")]
    public const string SignedIn = "signedIn";

    private const string MissingCodeMessage = "Enter the code your device shows.";
    private const string InvalidCodeMessage = "This code is not right, or it was already used. Check the code your device shows and try again.";
    private const string ExpiredCodeMessage = "This code has expired. Start again on your device to get a new one.";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Suspend(Prompt(Hint(context.State))));

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action)
    {
        // People copy codes with spaces or without the dash; OpenIddict normalizes the rest.
        var typed = action.GetString(DeviceAuthorizationFields.UserCode)?.Trim();
        if (string.IsNullOrEmpty(typed))
        {
            return Ask(typed, FlowErrorCodes.InvalidRequest, MissingCodeMessage);
        }

        var check = await devices.CheckAsync(context.EnvironmentId, context.InstanceId, typed, context.CancellationToken);
        if (check is not { Status: UserCodeStatus.Valid, Request: { } request, SignOn: { } signOn })
        {
            return check.Status == UserCodeStatus.Expired
                ? Ask(typed, FlowErrorCodes.ExpiredUserCode, ExpiredCodeMessage)
                : Ask(typed, FlowErrorCodes.InvalidUserCode, InvalidCodeMessage);
        }

        var state = context.State;
        state.Variables[FlowVariables.DeviceAuthorization] = request.ToVariable();
        if (signOn.Reused is { } reused)
        {
            state.UserId = reused.UserId;
            state.Username = reused.Username;
            state.Amr = [.. reused.Amr];
            state.Acr = reused.Acr;
            state.AuthenticatedAt = reused.AuthenticatedAt;
            return ActivityResult.Outcome(SignedIn);
        }

        if (signOn.Proven is { } proven)
        {
            // A step-up: the application's flow runs for the session's user, as an authorize would.
            state.UserId = proven.UserId;
            state.Username = signOn.Username;
            state.Variables[FlowVariables.Session] = proven.ToVariable();
        }

        return ActivityResult.HandOver(signOn.FlowId, signOn.FlowVersion, signOn.ClientId);
    }

    private static ActivityResult Ask(string? typed, string code, string message) =>
        ActivityResult.Suspend(Prompt(typed) with { Error = new FlowError(code, message) });

    private static string? Hint(FlowState state) =>
        state.Variables.TryGetValue(FlowVariables.UserCodeHint, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static FlowPrompt Prompt(string? userCode) => new(FlowStatuses.DeviceUserCodeRequired, [FlowActions.DeviceUserCodeVerify],
        userCode is null ? null : new JsonObject { [DeviceAuthorizationFields.UserCode] = userCode });
}
