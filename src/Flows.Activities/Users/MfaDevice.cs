namespace Flows.Activities.Users;

/// <summary>
/// A second-factor device of a user as a flow may show it: its id, its kind (<see cref="MfaDeviceKinds"/>) and a
/// name that tells it apart without revealing it ("Authenticator app", "Passkey added 5 Dec 2026", "a•••@example.com").
/// </summary>
public sealed record MfaDevice(string Id, string Type, string Name, DateTimeOffset CreatedAt);
