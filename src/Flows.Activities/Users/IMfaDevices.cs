namespace Flows.Activities.Users;

/// <summary>The second-factor devices of a user, of every kind the server knows; never a secret of one.</summary>
public interface IMfaDevices
{
    /// <summary>The user's devices, by kind in <see cref="MfaDeviceKinds.Selectable"/> order, oldest first within a kind.</summary>
    Task<IReadOnlyList<MfaDevice>> ListAsync(string environmentId, string userId, CancellationToken cancellationToken);
}
