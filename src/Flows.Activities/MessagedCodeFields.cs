using Flows.Activities.Messaging;

namespace Flows.Activities;

/// <summary>
/// What the <see cref="FlowStatuses.OtpRequired"/> step of a sent code adds to <see cref="OtpFields"/>: the device the
/// code went to, and how many more codes may be sent.
/// </summary>
public static class MessagedCodeFields
{
    /// <summary>In the prompt only: <c>{id, type, target}</c> of the device the code was sent to.</summary>
    public const string Device = "device";

    public const string DeviceId = "id";

    /// <summary><see cref="EmailType"/> or <see cref="SmsType"/>.</summary>
    public const string DeviceType = "type";

    /// <summary>The masked address or number, e.g. <c>a•••@example.com</c>.</summary>
    public const string DeviceTarget = "target";

    public const string EmailType = "EMAIL";

    public const string SmsType = "SMS";

    /// <summary>The type of a device of the channel, as prompts show it and devices are kept.</summary>
    public static string TypeOf(ContactChannel channel) => channel == ContactChannel.Sms ? SmsType : EmailType;

    /// <summary>In the prompt only: how many more times the code may be sent again.</summary>
    public const string RemainingResends = "remainingResends";

    /// <summary>In the prompt only: when a new code may be asked for, ISO 8601.</summary>
    public const string ResendAllowedAt = "resendAllowedAt";
}
