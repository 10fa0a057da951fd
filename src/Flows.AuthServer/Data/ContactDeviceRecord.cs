namespace Flows.AuthServer.Data;

/// <summary>A user's e-mail address or phone number as a second factor: one-time codes are sent to it once it is verified.</summary>
public sealed class ContactDeviceRecord
{
    public required string EnvironmentId { get; init; }

    public required string UserId { get; init; }

    /// <summary><c>EMAIL</c> or <c>SMS</c>.</summary>
    public required string Channel { get; init; }

    /// <summary>The e-mail address, or the phone number in E.164.</summary>
    public required string Address { get; set; }

    /// <summary>Whether the address is known to be the user's; codes go only to verified ones.</summary>
    public bool Verified { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
