namespace Flows.AuthServer.Designer;

/// <summary>The designer's settings, section <c>Flows:Designer</c>.</summary>
public sealed class DesignerOptions
{
    public const string Section = "Flows:Designer";

    /// <summary>
    /// How long a designer sign-in is trusted before the administrator is looked up again (still there, enabled, same
    /// roles): by the cookie on the next request after it, by a live circuit every so often. Zero: the cookie on every
    /// request. A disabled or deleted administrator loses the designer within this time.
    /// </summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromSeconds(30);
}
