namespace Flows.Activities.Users;

/// <summary>What a flow may know of a user: identity, groups, attributes, and whether an MFA device is enrolled.</summary>
public sealed record DirectoryUser(
    string Id,
    string Username,
    bool Enabled,
    IReadOnlyList<string> Groups,
    IReadOnlyDictionary<string, string> Attributes,
    bool HasOtpDevice,
    string? Email = null,
    string? Name = null);
