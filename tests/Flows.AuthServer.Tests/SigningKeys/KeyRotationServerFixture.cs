using Flows.AuthServer.Protocol;
using Flows.AuthServer.Tests.Management;
using Microsoft.AspNetCore.Hosting;

namespace Flows.AuthServer.Tests.SigningKeys;

/// <summary>
/// A server of its own for the rotation tests (they change the test environment's keys), whose nodes trust a key set
/// they read for <see cref="RefreshInterval"/> only, and whose schedule rotates after <see cref="RotationPeriod"/>.
/// </summary>
public class KeyRotationServerFixture : ManagementServerFixture
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    protected virtual TimeSpan KeySetTrust => RefreshInterval;

    protected virtual TimeSpan RotationPeriod => new SigningKeyOptions().RotationPeriod;

    protected virtual TimeSpan CheckInterval => new SigningKeyOptions().CheckInterval;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting($"{SigningKeyOptions.Section}:{nameof(SigningKeyOptions.RefreshInterval)}", KeySetTrust.ToString());
        builder.UseSetting($"{SigningKeyOptions.Section}:{nameof(SigningKeyOptions.RotationPeriod)}", RotationPeriod.ToString());
        builder.UseSetting($"{SigningKeyOptions.Section}:{nameof(SigningKeyOptions.CheckInterval)}", CheckInterval.ToString());
    }
}

/// <summary>A server whose keys rotate every two seconds, checked every half second.</summary>
public sealed class FastRotationServerFixture : KeyRotationServerFixture
{
    protected override TimeSpan RotationPeriod => TimeSpan.FromSeconds(2);

    protected override TimeSpan CheckInterval => TimeSpan.FromMilliseconds(500);
}

/// <summary>A server that trusts the key set it read for an hour: only a token naming a key it lacks makes it read again.</summary>
public sealed class TrustingKeyServerFixture : KeyRotationServerFixture
{
    protected override TimeSpan KeySetTrust => TimeSpan.FromHours(1);
}
