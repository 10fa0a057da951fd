using Flows.Activities.Users;

namespace Flows.Activities.Tests.TestDoubles;

/// <summary>
/// Passes every call to a directory, but can hold password checks until several have arrived, so two
/// requests are sure to run the same step at the same time.
/// </summary>
public sealed class GatedUserDirectory(IUserDirectory inner) : IUserDirectory
{
    private TaskCompletionSource? _allArrived;
    private int _expected;
    private int _arrived;

    public void HoldPasswordChecksUntil(int count)
    {
        _expected = count;
        _arrived = 0;
        _allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async Task<PasswordCheck> CheckPasswordAsync(string environmentId, string username, string password, CancellationToken cancellationToken)
    {
        if (_allArrived is { } allArrived)
        {
            if (Interlocked.Increment(ref _arrived) >= _expected)
            {
                allArrived.TrySetResult();
            }

            await allArrived.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }

        return await inner.CheckPasswordAsync(environmentId, username, password, cancellationToken);
    }

    public Task<DirectoryUser?> FindByIdAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        inner.FindByIdAsync(environmentId, userId, cancellationToken);

    public Task<DirectoryUser?> FindByUsernameAsync(string environmentId, string username, CancellationToken cancellationToken) =>
        inner.FindByUsernameAsync(environmentId, username, cancellationToken);

    public Task<PasswordChangeResult> ChangePasswordAsync(
        string environmentId, string userId, string currentPassword, string newPassword, string flowInstanceId,
        CancellationToken cancellationToken) =>
        inner.ChangePasswordAsync(environmentId, userId, currentPassword, newPassword, flowInstanceId, cancellationToken);

    public Task<byte[]?> GetTotpSecretAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        inner.GetTotpSecretAsync(environmentId, userId, cancellationToken);

    public Task<bool> TryReserveOtpAttemptAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        inner.TryReserveOtpAttemptAsync(environmentId, userId, cancellationToken);

    public Task<bool> RecordOtpFailureAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        inner.RecordOtpFailureAsync(environmentId, userId, cancellationToken);

    public Task<bool> TryEnrollTotpAsync(
        string environmentId, string userId, byte[] secret, long confirmedTimeStep, CancellationToken cancellationToken) =>
        inner.TryEnrollTotpAsync(environmentId, userId, secret, confirmedTimeStep, cancellationToken);

    public Task<bool> TryConsumeTotpTimeStepAsync(string environmentId, string userId, long timeStep, CancellationToken cancellationToken) =>
        inner.TryConsumeTotpTimeStepAsync(environmentId, userId, timeStep, cancellationToken);
}
