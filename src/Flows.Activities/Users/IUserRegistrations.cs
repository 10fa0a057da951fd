using Flows.Activities.Messaging;

namespace Flows.Activities.Users;

/// <summary>
/// Self-service accounts: a registration creates the user disabled, with its e-mail address unverified, and the code
/// sent there verifies the address and enables the user. A username or address that is taken gets the same answer as
/// a new one; only the mail to the address differs (a notice instead of a code), so that registering cannot be used
/// to find out which accounts exist.
/// </summary>
public interface IUserRegistrations
{
    /// <summary>What a new password must satisfy in the environment, for the form to say.</summary>
    PasswordRequirements GetPasswordRequirements(string environmentId);

    /// <summary>
    /// Checks the password against the environment's policy and creates the account unless its username or e-mail
    /// address is taken. Problems of the values come back and nothing is stored; a taken username or address is not a
    /// problem: it comes back as a registration without a user.
    /// </summary>
    Task<RegistrationResult> RegisterAsync(NewRegistration registration, CancellationToken cancellationToken);

    /// <summary>
    /// Sends the flow's step a new verification code (replacing any earlier one) to the registration's address; for a
    /// registration without a user, the notice about the taken username or address instead, and no code is kept.
    /// </summary>
    Task<CodeDelivery> SendCodeAsync(VerificationCodeRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Checks a verification code of the flow's step; a right one is used up, and in the same transaction the user's
    /// e-mail address becomes verified and the user enabled.
    /// </summary>
    Task<CodeCheck> VerifyAsync(string environmentId, string userId, string flowInstanceId, string nodeId, string code, CancellationToken cancellationToken);
}

/// <summary>What a new password must satisfy: a minimum length, and not the username.</summary>
public sealed record PasswordRequirements(int MinimumLength, bool NotUsername);

/// <summary>What a user typed to register, in the flow <see cref="FlowInstanceId"/>.</summary>
public sealed record NewRegistration(
    string EnvironmentId, string FlowInstanceId, string Username, string Email, string Password, IReadOnlyDictionary<string, string> Attributes);

/// <summary>
/// The problems of the values (nothing stored), or a registration: with <see cref="UserId"/> when an account was created,
/// without when its username or address was taken.
/// </summary>
public sealed record RegistrationResult(IReadOnlyList<AttributeProblem> Problems, string? UserId)
{
    public bool Refused => Problems.Count > 0;
}

/// <summary>A verification code to send for a flow's step: to the user's address, or the notice when there is no user.</summary>
public sealed record VerificationCodeRequest(
    string EnvironmentId, string FlowInstanceId, string NodeId, string? UserId, string Username, string Email, int Length, TimeSpan Lifetime);
