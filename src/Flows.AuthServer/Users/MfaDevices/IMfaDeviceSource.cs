using Flows.Activities.Users;

namespace Flows.AuthServer.Users.MfaDevices;

/// <summary>
/// The devices of one kind a user has, as flows list them. A new factor kind is one more source, registered in
/// <see cref="UserServiceRegistration"/>; <see cref="MfaDeviceList"/> lists them all.
/// </summary>
public interface IMfaDeviceSource
{
    /// <summary>The kind (<see cref="MfaDeviceKinds"/>) of the devices this source lists.</summary>
    string Kind { get; }

    Task<IReadOnlyList<MfaDevice>> ListAsync(string environmentId, string userId, CancellationToken cancellationToken);
}
