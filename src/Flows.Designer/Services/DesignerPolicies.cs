namespace Flows.Designer.Services;

/// <summary>
/// The authorization policies the designer asks for; the host defines what grants them (the server: its
/// administrators' roles). Every page and every service call needs <see cref="Read"/>; every change also <see cref="Write"/>.
/// </summary>
public static class DesignerPolicies
{
    public const string Read = "DesignerRead";
    public const string Write = "DesignerWrite";
}
