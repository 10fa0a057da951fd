namespace Flows.AuthServer.Protocol;

/// <summary>How often the environments' signing keys rotate, and how soon every node sees a rotation (<c>Flows:SigningKeys</c>).</summary>
public sealed class SigningKeyOptions
{
    public const string Section = "Flows:SigningKeys";

    /// <summary>How long a key signs before the next one takes over (and how long the next one is published before).</summary>
    public TimeSpan RotationPeriod { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often a node looks for keys that are due: to promote, to retire, to delete.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a node trusts the key set it read; after that it reads it again, so a rotation made on another node
    /// reaches this one within this time (a token naming a key it does not know makes it read at once).
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
}
