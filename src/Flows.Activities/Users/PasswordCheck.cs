namespace Flows.Activities.Users;

/// <summary>The closed set of answers to a password check; each maps to an outcome of the password step.</summary>
public enum PasswordCheckResult
{
    Success,
    InvalidCredentials,
    LockedOut,
    Disabled,

    /// <summary>The password was right, but the user must replace it before signing in.</summary>
    MustChangePassword,

    /// <summary>The password was right, but it is older than the environment's maximum password age: it must be replaced.</summary>
    PasswordExpired,
}

/// <summary>A password check's result, with the user when the username matched one.</summary>
public sealed record PasswordCheck(PasswordCheckResult Result, DirectoryUser? User);

/// <summary>The answers to a password change.</summary>
public enum PasswordChangeResult
{
    Success,
    InvalidCurrentPassword,
    TooWeak,
}
