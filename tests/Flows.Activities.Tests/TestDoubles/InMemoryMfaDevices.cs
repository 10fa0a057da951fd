using Flows.Activities.Messaging;
using Flows.Activities.Users;

namespace Flows.Activities.Tests.TestDoubles;

/// <summary>
/// An <see cref="IMfaDevices"/> over the in-memory directory (its TOTP keys), the fake passkeys and, when given, the
/// verified addresses of the in-memory codes, as the server's lists them.
/// </summary>
public sealed class InMemoryMfaDevices(IUserDirectory users, FakePasskeys passkeys, InMemoryMessagedCodes? codes = null) : IMfaDevices
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

        foreach (var (kind, channel) in new[] { (MfaDeviceKinds.Email, ContactChannel.Email), (MfaDeviceKinds.Sms, ContactChannel.Sms) })
        {
            if (codes?.DeviceOf(userId, channel) is { } address)
            {
                devices.Add(new MfaDevice(kind, kind, address[..1] + "•••", CreatedAt));
            }
        }

        return devices;
    }
}
