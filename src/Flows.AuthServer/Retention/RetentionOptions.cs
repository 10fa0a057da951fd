namespace Flows.AuthServer.Retention;

/// <summary>How long what can no longer be used is kept before the purge deletes it: configuration section <c>Flows:Retention</c>.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Flows:Retention";

    /// <summary>
    /// Flow instances (and their journals) after they can no longer be resumed: finished, expired or abandoned.
    /// The operator console looks back at most 7 days, so it still sees every instance it can filter for.
    /// </summary>
    public TimeSpan FlowInstances { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Sessions after they ended (sign-off) or expired.</summary>
    public TimeSpan Sessions { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Tokens and authorizations, from their creation, once they are expired, redeemed or revoked (OpenIddict's
    /// prune). A redeemed refresh token is kept this long so that its reuse is recognised and revokes its grant.
    /// </summary>
    public TimeSpan Tokens { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How often the purge runs (also once at start).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}
