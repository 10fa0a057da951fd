using Flows.Activities.Users;

namespace Flows.Activities.Tests.TestDoubles;

/// <summary>An <see cref="IMfaDevices"/> over the in-memory directory (its TOTP keys) and the fake passkeys, as the server's lists them.</summary>
public sealed class InMemoryMfaDevices(IUserDirectory users, FakePasskeys passkeys) : IMfaDevices
{
    public static readonly DateTimeOffset CreatedAt = new(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);

    public async Task<IReadOnlyList<MfaDevice>> ListAsync(string environmentId, string userId, CancellationToken cancellationToken)
    {
        var devices = passkeys.CredentialsOf(userId)
            .Select(id => new MfaDevice(id, MfaDeviceKinds.Passkey, $"Passkey {id}", CreatedAt)).ToList();
        if (await users.FindByIdAsync(environmentId, userId, cancellationToken) is { HasOtpDevice: true })
        {
            devices.Add(new MfaDevice("totp", MfaDeviceKinds.Totp, "Authenticator app", CreatedAt));
        }

        return devices;
    }
}
