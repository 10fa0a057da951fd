using System.Globalization;
using Flows.Activities.Users;
using Flows.AuthServer.Users.Passkeys;

namespace Flows.AuthServer.Users.MfaDevices;

/// <summary>The user's passkeys, each named by the day it was added ("Passkey added 5 Dec 2026"): passkeys carry no name of their own.</summary>
public sealed class PasskeyDeviceSource(PasskeyCredentials passkeys) : IMfaDeviceSource
{
    private const string NameFormat = "Passkey added {0:d MMM yyyy}";

    public string Kind => MfaDeviceKinds.Passkey;

    public async Task<IReadOnlyList<MfaDevice>> ListAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        [.. (await passkeys.ListAsync(environmentId, userId, cancellationToken)).Select(passkey => new MfaDevice(
            passkey.Id, Kind, string.Format(CultureInfo.InvariantCulture, NameFormat, passkey.CreatedAt), passkey.CreatedAt))];
}
