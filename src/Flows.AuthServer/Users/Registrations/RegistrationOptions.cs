namespace Flows.AuthServer.Users.Registrations;

/// <summary>Self-service registrations: configuration section <c>Flows:Registration</c>.</summary>
public sealed class RegistrationOptions
{
    public const string Section = "Flows:Registration";

    /// <summary>
    /// How long an account that registered itself may stay unverified (and disabled) before it is purged, freeing its
    /// username. Far longer than a verification code lives, so that no one verifying in time loses the account.
    /// </summary>
    public TimeSpan UnverifiedLifetime { get; set; } = TimeSpan.FromDays(7);
}
