using OtpNet;

namespace Flows.Testing;

/// <summary>
/// An authenticator app in a test, on the real clock: it takes the key an enrollment step shows and gives codes for
/// it. A server accepts a time step once (RFC 6238 §5.2), so each code is of a step this app has not given before:
/// the current one, else the next one (the shipped flows allow one step of drift), else it waits for a new step.
/// </summary>
public sealed class TotpAuthenticator
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _lastStep = long.MinValue;

    /// <summary>The key (Base32) the app holds; null until <see cref="Enroll"/>.</summary>
    public string? Key { get; private set; }

    public bool IsEnrolled => Key is not null;

    /// <summary>Adds the key as a person types it in: spaces are ignored.</summary>
    public void Enroll(string base32Key) => Key = base32Key.Replace(" ", "", StringComparison.Ordinal);

    /// <summary>A code of a time step not used before.</summary>
    public async Task<string> NextCodeAsync()
    {
        var totp = new Totp(Base32Encoding.ToBytes(Key ?? throw new InvalidOperationException("No key is enrolled.")));
        await _gate.WaitAsync();
        try
        {
            while (true)
            {
                var now = DateTime.UtcNow;
                var current = now.Ticks / Step.Ticks;
                var step = Math.Max(current, _lastStep + 1);
                if (step <= current + 1)
                {
                    _lastStep = step;
                    return totp.ComputeTotp(new DateTime(step * Step.Ticks, DateTimeKind.Utc));
                }

                await Task.Delay(TimeSpan.FromTicks((current + 1) * Step.Ticks - now.Ticks) + TimeSpan.FromMilliseconds(100));
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
