using Flows.Activities.Users;
using Microsoft.Extensions.Time.Testing;

namespace Flows.Activities.Tests.TestDoubles;

/// <summary>
/// Password recovery over the in-memory directory: every requested code is <see cref="Code"/>, valid for the request's
/// lifetime, for the last step that asked; a user with <see cref="LockedUserIds"/> is refused unchecked.
/// </summary>
public sealed class FakePasswordRecovery(InMemoryUserDirectory users, FakeTimeProvider clock) : IPasswordRecovery
{
    public const string Code = "482913";

    private DateTimeOffset _expiresAt;

    public List<RecoveryCodeRequest> Requests { get; } = [];

    public List<(string UserId, string NewPassword)> Recovered { get; } = [];

    public HashSet<string> LockedUserIds { get; } = [];

    public ValueTask RequestCodeAsync(RecoveryCodeRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        _expiresAt = clock.GetUtcNow() + request.Lifetime;
        return ValueTask.CompletedTask;
    }

    public string? FindPasswordProblem(string username, string newPassword) =>
        newPassword.Length < InMemoryUserDirectory.MinimumPasswordLength ? "must be at least 8 characters long" : null;

    public async Task<PasswordRecoveryResult> RecoverAsync(PasswordRecoveryAttempt attempt, CancellationToken cancellationToken)
    {
        if (await users.FindByUsernameAsync(attempt.EnvironmentId, attempt.Username, cancellationToken) is not { } user)
        {
            return new PasswordRecoveryResult(PasswordRecoveryStatus.WrongCode);
        }

        if (LockedUserIds.Contains(user.Id))
        {
            return new PasswordRecoveryResult(PasswordRecoveryStatus.Locked);
        }

        if (attempt.Code != Code)
        {
            return new PasswordRecoveryResult(PasswordRecoveryStatus.WrongCode);
        }

        if (clock.GetUtcNow() >= _expiresAt)
        {
            return new PasswordRecoveryResult(PasswordRecoveryStatus.ExpiredCode);
        }

        Recovered.Add((user.Id, attempt.NewPassword));
        return new PasswordRecoveryResult(PasswordRecoveryStatus.Recovered, user);
    }
}
