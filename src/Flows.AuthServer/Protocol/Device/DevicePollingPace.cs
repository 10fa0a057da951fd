using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Flows.AuthServer.Protocol.Device;

/// <summary>
/// When each device code last polled the token endpoint, and the interval it must keep (RFC 8628 §3.5): a poll within
/// it is told <c>slow_down</c>, and the code's interval grows by 5 seconds. Kept on each node, as the rate limits are:
/// a device polling several nodes is slowed down less, never wrongly.
/// </summary>
public sealed class DevicePollingPace(TimeProvider clock)
{
    // RFC 8628 §3.5: "the interval MUST be increased by 5 seconds for this and all subsequent requests".
    private static readonly TimeSpan Increase = TimeSpan.FromSeconds(5);

    // A device code lives 10 minutes (OpenIddict's default); an entry idle longer is of a code that is gone.
    private static readonly TimeSpan Forget = TimeSpan.FromMinutes(15);
    private const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<string, Pace> _paces = new(StringComparer.Ordinal);

    /// <summary>Records a poll of the device code; true when it came too soon (the answer is slow_down).</summary>
    public bool TooSoon(string deviceCode)
    {
        var now = clock.GetUtcNow();
        if (_paces.Count > SweepAbove)
        {
            Sweep(now);
        }

        var key = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(deviceCode)));
        var tooSoon = false;
        _paces.AddOrUpdate(key,
            _ => new Pace(now, DeviceAuthorization.PollingInterval),
            (_, last) =>
            {
                tooSoon = now - last.PolledAt < last.Interval;
                return new Pace(now, tooSoon ? last.Interval + Increase : last.Interval);
            });
        return tooSoon;
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, pace) in _paces)
        {
            if (now - pace.PolledAt > Forget)
            {
                _paces.TryRemove(key, out _);
            }
        }
    }

    private sealed record Pace(DateTimeOffset PolledAt, TimeSpan Interval);
}
