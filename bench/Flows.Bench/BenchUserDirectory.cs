using Flows.Activities.Users;

namespace Flows.Bench;

/// <summary>
/// One user with a password and a TOTP device, answering at once: the benchmark measures the engine and its
/// store, not password hashing (the server's directory adds that cost, measured by the server benchmark).
/// </summary>
internal sealed class BenchUserDirectory : IUserDirectory
{
    public const string Username = "bench";
    public const string Password = "bench-password";
    public static readonly byte[] TotpSecret = "12345678901234567890"u8.ToArray();

    private static readonly DirectoryUser User = new("u-bench", Username, Enabled: true, [], new Dictionary<string, string>(), HasOtpDevice: true);

    public Task<DirectoryUser?> FindByIdAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult<DirectoryUser?>(userId == User.Id ? User : null);

    public Task<DirectoryUser?> FindByUsernameAsync(string environmentId, string username, CancellationToken cancellationToken) =>
        Task.FromResult<DirectoryUser?>(username == Username ? User : null);

    public Task<PasswordCheck> CheckPasswordAsync(string environmentId, string username, string password, CancellationToken cancellationToken) =>
        Task.FromResult(username == Username && password == Password
            ? new PasswordCheck(PasswordCheckResult.Success, User)
            : new PasswordCheck(PasswordCheckResult.InvalidCredentials, null));

    public Task<PasswordChangeResult> ChangePasswordAsync(
        string environmentId, string userId, string currentPassword, string newPassword, string flowInstanceId,
        CancellationToken cancellationToken) =>
        Task.FromResult(PasswordChangeResult.InvalidCurrentPassword);

    public Task<byte[]?> GetTotpSecretAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult<byte[]?>(TotpSecret);

    public Task<bool> TryReserveOtpAttemptAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(true);

    public Task<bool> RecordOtpFailureAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(false);

    // The bench user has its authenticator already.
    public Task<bool> TryEnrollTotpAsync(
        string environmentId, string userId, byte[] secret, long confirmedTimeStep, CancellationToken cancellationToken) =>
        Task.FromResult(false);

    // Every iteration signs in as the same user within one time step; replay protection is the directory's
    // job and is tested there, so here every step is accepted.
    public Task<bool> TryConsumeTotpTimeStepAsync(string environmentId, string userId, long timeStep, CancellationToken cancellationToken) =>
        Task.FromResult(true);
}
