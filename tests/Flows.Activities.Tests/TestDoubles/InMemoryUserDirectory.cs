using System.Security.Cryptography;
using System.Text;
using Flows.Activities.Users;

namespace Flows.Activities.Tests.TestDoubles;

/// <summary>
/// An <see cref="IUserDirectory"/> in memory: plain-text passwords compared in fixed time, lockout after
/// <c>maxFailedAttempts</c> wrong passwords (and <c>maxFailedOtpAttempts</c> wrong codes) for <c>lockoutPeriod</c> on
/// the given clock, and the last TOTP step per user.
/// </summary>
public sealed class InMemoryUserDirectory(
    TimeProvider clock, int maxFailedAttempts = 3, TimeSpan? lockoutPeriod = null, int maxFailedOtpAttempts = 10)
    : IUserDirectory
{
    public const int MinimumPasswordLength = 8;

    private readonly TimeSpan _lockoutPeriod = lockoutPeriod ?? TimeSpan.FromMinutes(5);
    private readonly List<TestAccount> _accounts = [];
    private readonly Lock _gate = new();

    /// <summary>How many password checks reached the directory, so tests can tell a rejected request from a wrong password.</summary>
    public int PasswordChecks { get; private set; }

    public TestAccount Add(TestAccount account)
    {
        lock (_gate)
        {
            _accounts.Add(account);
        }

        return account;
    }

    public Task<DirectoryUser?> FindByIdAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(Find(environmentId, account => account.Id == userId) is { } account ? ToUser(account) : null);

    public Task<DirectoryUser?> FindByUsernameAsync(string environmentId, string username, CancellationToken cancellationToken) =>
        Task.FromResult(FindByUsername(environmentId, username) is { } account ? ToUser(account) : null);

    public Task<PasswordCheck> CheckPasswordAsync(
        string environmentId, string username, string password, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            PasswordChecks++;
            if (FindByUsername(environmentId, username) is not { } account)
            {
                return Result(PasswordCheckResult.InvalidCredentials, null);
            }

            var now = clock.GetUtcNow();
            if (account.LockedOutUntil > now)
            {
                return Result(PasswordCheckResult.LockedOut, account);
            }

            if (!PasswordMatches(account, password))
            {
                account.FailedAttempts++;
                if (account.FailedAttempts < maxFailedAttempts)
                {
                    return Result(PasswordCheckResult.InvalidCredentials, null);
                }

                account.FailedAttempts = 0;
                account.LockedOutUntil = now + _lockoutPeriod;
                return Result(PasswordCheckResult.LockedOut, account);
            }

            account.FailedAttempts = 0;
            var result = !account.Enabled ? PasswordCheckResult.Disabled
                : account.MustChangePassword ? PasswordCheckResult.MustChangePassword
                : account.PasswordExpired ? PasswordCheckResult.PasswordExpired
                : PasswordCheckResult.Success;
            return Result(result, account);
        }
    }

    public Task<PasswordChangeResult> ChangePasswordAsync(
        string environmentId, string userId, string currentPassword, string newPassword, string flowInstanceId,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Find(environmentId, account => account.Id == userId) is not { } account || !PasswordMatches(account, currentPassword))
            {
                return Task.FromResult(PasswordChangeResult.InvalidCurrentPassword);
            }

            if (newPassword.Length < MinimumPasswordLength)
            {
                return Task.FromResult(PasswordChangeResult.TooWeak);
            }

            account.Password = newPassword;
            account.MustChangePassword = false;
            return Task.FromResult(PasswordChangeResult.Success);
        }
    }

    public Task<byte[]?> GetTotpSecretAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(Find(environmentId, account => account.Id == userId)?.TotpSecret);

    public Task<bool> TryEnrollTotpAsync(
        string environmentId, string userId, byte[] secret, long confirmedTimeStep, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Find(environmentId, account => account.Id == userId) is not { TotpSecret: null } account)
            {
                return Task.FromResult(false);
            }

            account.TotpSecret = secret;
            account.LastTotpTimeStep = confirmedTimeStep;
            return Task.FromResult(true);
        }
    }

    public Task<bool> TryReserveOtpAttemptAsync(string environmentId, string userId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Find(environmentId, account => account.Id == userId) is not { } account
                || account.OtpLockedOutUntil > clock.GetUtcNow() || account.OtpFailedAttempts >= maxFailedOtpAttempts)
            {
                return Task.FromResult(false);
            }

            account.OtpFailedAttempts++;
            return Task.FromResult(true);
        }
    }

    public Task<bool> RecordOtpFailureAsync(string environmentId, string userId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Find(environmentId, account => account.Id == userId) is not { } account || account.OtpFailedAttempts < maxFailedOtpAttempts)
            {
                return Task.FromResult(false);
            }

            account.OtpFailedAttempts = 0;
            account.OtpLockedOutUntil = clock.GetUtcNow() + _lockoutPeriod;
            return Task.FromResult(true);
        }
    }

    public Task<bool> TryConsumeTotpTimeStepAsync(
        string environmentId, string userId, long timeStep, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Find(environmentId, account => account.Id == userId) is not { } account
                || account.LastTotpTimeStep >= timeStep || account.OtpLockedOutUntil > clock.GetUtcNow())
            {
                return Task.FromResult(false);
            }

            account.LastTotpTimeStep = timeStep;
            account.OtpFailedAttempts = 0;
            return Task.FromResult(true);
        }
    }

    private TestAccount? FindByUsername(string environmentId, string username) =>
        Find(environmentId, account => string.Equals(account.Username, username, StringComparison.OrdinalIgnoreCase));

    private TestAccount? Find(string environmentId, Func<TestAccount, bool> match)
    {
        lock (_gate)
        {
            return _accounts.Find(account => account.EnvironmentId == environmentId && match(account));
        }
    }

    private static bool PasswordMatches(TestAccount account, string password) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(account.Password), Encoding.UTF8.GetBytes(password));

    private static Task<PasswordCheck> Result(PasswordCheckResult result, TestAccount? account) =>
        Task.FromResult(new PasswordCheck(result, account is null ? null : ToUser(account)));

    private static DirectoryUser ToUser(TestAccount account) => new(
        account.Id,
        account.Username,
        account.Enabled,
        account.Groups.ToList(),
        new Dictionary<string, string>(account.Attributes),
        account.TotpSecret is not null);
}
