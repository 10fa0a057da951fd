namespace Flows.Designer;

/// <summary>Marks the designer's assembly; the server maps its pages from here.</summary>
public static class FlowsDesigner
{
    /// <summary>Where the server hosts the designer.</summary>
    public const string BasePath = "/designer";
}
