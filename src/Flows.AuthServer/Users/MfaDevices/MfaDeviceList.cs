using Flows.Activities.Users;

namespace Flows.AuthServer.Users.MfaDevices;

/// <summary>Every device of a user over all registered <see cref="IMfaDeviceSource"/>s, in <see cref="MfaDeviceKinds.Ordered"/> order.</summary>
public sealed class MfaDeviceList(IEnumerable<IMfaDeviceSource> sources) : IMfaDevices
{
    public async Task<IReadOnlyList<MfaDevice>> ListAsync(string environmentId, string userId, CancellationToken cancellationToken)
    {
        var devices = new List<MfaDevice>();
        foreach (var source in sources.OrderBy(source => Rank(source.Kind)))
        {
            devices.AddRange(await source.ListAsync(environmentId, userId, cancellationToken));
        }

        return devices;
    }

    private static int Rank(string kind)
    {
        var rank = MfaDeviceKinds.Ordered.ToList().IndexOf(kind);
        return rank < 0 ? int.MaxValue : rank;
    }
}
