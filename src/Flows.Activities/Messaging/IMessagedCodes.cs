namespace Flows.Activities.Messaging;

/// <summary>
/// One-time codes sent to a user's verified e-mail address or phone number. The server generates each code, keeps only
/// its hash and sends it, so no code ever passes through a flow's state, its journal or its prompt.
/// </summary>
public interface IMessagedCodes
{
    /// <summary>The user's verified device of the channel, its address masked for display; null when there is none.</summary>
    Task<ContactDevice?> FindDeviceAsync(string environmentId, string userId, ContactChannel channel, CancellationToken cancellationToken);

    /// <summary>
    /// Generates a new code for the flow's node, replacing any earlier one, and sends it to the device. A code that
    /// could not be sent is not kept; why it failed is logged, never shown.
    /// </summary>
    Task<CodeDelivery> SendAsync(CodeRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Checks a code of the flow's node. A right one is used up (of two requests with it, one wins) and starts the
    /// user's count of wrong one-time codes afresh.
    /// </summary>
    Task<CodeCheck> CheckAsync(string environmentId, string userId, string flowInstanceId, string nodeId, string code, CancellationToken cancellationToken);
}

/// <summary>Where a code is sent.</summary>
public enum ContactChannel
{
    Email,
    Sms,
}

/// <summary>A user's verified contact device, as a prompt may show it: its address masked (<c>a•••@example.com</c>).</summary>
public sealed record ContactDevice(string Id, ContactChannel Channel, string MaskedAddress);

/// <summary>
/// A code to generate and send: its digits, how long it may be used, and what it is for (the words of its message). It
/// goes to the user's verified device of the channel, or, while one is being enrolled, to the <paramref name="Address"/>
/// the user typed.
/// </summary>
public sealed record CodeRequest(
    string EnvironmentId, string UserId, string FlowInstanceId, string NodeId, ContactDevice Device, int Length, TimeSpan Lifetime,
    string? Address = null, CodePurpose Purpose = CodePurpose.SignIn);

/// <summary>What a sent code lets its reader do, so that the message says so.</summary>
public enum CodePurpose
{
    SignIn,
    PasswordRecovery,
}

/// <summary>Whether a code went out.</summary>
public enum CodeDelivery
{
    Sent,
    Failed,
}

/// <summary>What a typed code turned out to be.</summary>
public enum CodeCheck
{
    /// <summary>The flow's current code, in time; now used up.</summary>
    Valid,

    /// <summary>Not the flow's current code, or one used before.</summary>
    Wrong,

    /// <summary>The flow's current code, too late.</summary>
    Expired,
}
