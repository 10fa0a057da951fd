using Flows.Activities.Users;

namespace Flows.AuthServer.Simulation;

/// <summary>
/// The user directory of a dry run: it knows only the simulated user and changes nothing. Passwords are judged by the
/// answer's verdict, or compared with a described user's password; a real user's password is never verified, so a
/// dry run is no way to guess one past the lockout. Codes are never counted nor marked as used.
/// </summary>
public sealed class SimulatedUserDirectory(SimulationScenario scenario) : IUserDirectory
{
    public Task<DirectoryUser?> FindByIdAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(scenario.Find(environmentId, userId));

    public Task<DirectoryUser?> FindByUsernameAsync(string environmentId, string username, CancellationToken cancellationToken) =>
        Task.FromResult(environmentId == scenario.EnvironmentId && scenario.User.Matches(username) ? scenario.User.User : null);

    public Task<PasswordCheck> CheckPasswordAsync(string environmentId, string username, string password, CancellationToken cancellationToken)
    {
        var simulated = scenario.User;
        if (environmentId != scenario.EnvironmentId || !simulated.Matches(username) || !IsRight(password))
        {
            scenario.Record(SimulationEffectKinds.Check, "Wrong password: a real run would count it toward the lockout.");
            return Task.FromResult(new PasswordCheck(PasswordCheckResult.InvalidCredentials, null));
        }

        var result = !simulated.User.Enabled ? PasswordCheckResult.Disabled
            : simulated.MustChangePassword ? PasswordCheckResult.MustChangePassword
            : PasswordCheckResult.Success;
        return Task.FromResult(new PasswordCheck(result, simulated.User));
    }

    public Task<PasswordChangeResult> ChangePasswordAsync(
        string environmentId, string userId, string currentPassword, string newPassword, string flowInstanceId,
        CancellationToken cancellationToken)
    {
        if (!IsRight(currentPassword))
        {
            return Task.FromResult(PasswordChangeResult.InvalidCurrentPassword);
        }

        if (string.IsNullOrEmpty(newPassword) || newPassword == currentPassword)
        {
            return Task.FromResult(PasswordChangeResult.TooWeak);
        }

        scenario.Record(SimulationEffectKinds.Write, "Would replace the user's password and sign them out of their other sessions.");
        return Task.FromResult(PasswordChangeResult.Success);
    }

    public Task<byte[]?> GetTotpSecretAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(scenario.Find(environmentId, userId) is null ? null : scenario.User.TotpSecret);

    public Task<bool> TryEnrollTotpAsync(
        string environmentId, string userId, byte[] secret, long confirmedTimeStep, CancellationToken cancellationToken)
    {
        scenario.Record(SimulationEffectKinds.Write, "Would enroll the user's authenticator app.");
        return Task.FromResult(scenario.Find(environmentId, userId) is not null && scenario.User.TotpSecret is null);
    }

    // No per-user count of codes: a dry run must never lock a real user's codes.
    public Task<bool> TryReserveOtpAttemptAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(true);

    public Task<bool> RecordOtpFailureAsync(string environmentId, string userId, CancellationToken cancellationToken)
    {
        scenario.Record(SimulationEffectKinds.Check, "Wrong code: a real run would count it against the user's codes.");
        return Task.FromResult(false);
    }

    // Nor replay marks (RFC 6238 §5.2): the code stays usable for the user's real sign-ins.
    public Task<bool> TryConsumeTotpTimeStepAsync(string environmentId, string userId, long timeStep, CancellationToken cancellationToken)
    {
        scenario.Record(SimulationEffectKinds.Check, "Right code: a real run would mark it used.");
        return Task.FromResult(true);
    }

    private bool IsRight(string password)
    {
        if (scenario.Verdict is null && scenario.User.IsReal)
        {
            scenario.Record(SimulationEffectKinds.Check, "A real user's password is never verified in a dry run: give the answer a verdict.");
        }

        return Judge(password);
    }

    private bool Judge(string password) => scenario.Verdict switch
    {
        SimulationVerdicts.Right => true,
        SimulationVerdicts.Wrong => false,
        _ => !scenario.User.IsReal && scenario.User.Password is { } expected && password == expected,
    };
}
