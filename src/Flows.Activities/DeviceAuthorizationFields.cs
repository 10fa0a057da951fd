namespace Flows.Activities;

/// <summary>
/// The fields of the device verification steps (<see cref="FlowStatuses.DeviceUserCodeRequired"/>,
/// <see cref="FlowStatuses.DeviceConsentRequired"/>): the bodies of their actions and what their prompts give the UI.
/// </summary>
public static class DeviceAuthorizationFields
{
    /// <summary>The user code the device shows; in the prompt, the one to prefill.</summary>
    public const string UserCode = "userCode";

    /// <summary>True to allow the device what its application asks for, false to refuse it.</summary>
    public const string Accept = "accept";

    /// <summary>In the consent prompt only: the application's name.</summary>
    public const string Application = "application";

    /// <summary>In the consent prompt only: each scope asked for, with what it allows in plain words.</summary>
    public const string Scopes = "scopes";
}
