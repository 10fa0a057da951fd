namespace Flows.Activities.Users;

/// <summary>The device authorization requests (RFC 8628) waiting for a user, as the server holds them.</summary>
public interface IDeviceAuthorizations
{
    /// <summary>
    /// What <paramref name="userCode"/> names for the verification flow <paramref name="flowId"/>: the device's request
    /// and how its user signs in (the application's flow, or the flow's session when it already completed that flow).
    /// </summary>
    Task<UserCodeCheck> CheckAsync(string environmentId, string flowId, string userCode, CancellationToken cancellationToken);
}

/// <summary>The results of a user code check.</summary>
public enum UserCodeStatus
{
    /// <summary>A waiting device's code: <see cref="UserCodeCheck.Request"/> and <see cref="UserCodeCheck.SignOn"/> are set.</summary>
    Valid,

    /// <summary>Unknown, already used, or of another environment.</summary>
    Invalid,

    /// <summary>The device's request expired.</summary>
    Expired,
}

/// <summary>A user code's check: its status, and for a valid one, the device's request and how its user signs in.</summary>
public sealed record UserCodeCheck(UserCodeStatus Status, DeviceAuthorizationRequest? Request = null, DeviceSignOn? SignOn = null)
{
    public static UserCodeCheck Invalid { get; } = new(UserCodeStatus.Invalid);

    public static UserCodeCheck Expired { get; } = new(UserCodeStatus.Expired);
}

/// <summary>
/// How the user of a device's request signs in: the flow version its application's sign-ins run; or, when the verification
/// page's session already completed that very version, that sign-in again (<see cref="Reused"/>, SSO). <see cref="Proven"/>
/// names the session's user the flow runs for otherwise (a step-up).
/// </summary>
public sealed record DeviceSignOn(string FlowId, int FlowVersion, string ClientId)
{
    public SessionSignIn? Reused { get; init; }

    public ProvenSession? Proven { get; init; }

    public string? Username { get; init; }
}

/// <summary>A sign-in a session completed: who, how (amr, acr) and when.</summary>
public sealed record SessionSignIn(string UserId, string Username, IReadOnlyList<string> Amr, string? Acr, DateTimeOffset AuthenticatedAt);
