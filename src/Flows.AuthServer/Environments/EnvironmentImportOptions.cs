namespace Flows.AuthServer.Environments;

/// <summary>
/// What start-up imports: configuration section <c>Flows:Import</c>, an array of environment files
/// (<c>Flows__Import__0=…</c>), and <c>Flows:WorkflowsPath</c>, the flows every new environment gets.
/// Relative paths are resolved against the content root.
/// </summary>
public sealed class EnvironmentImportOptions
{
    public const string Section = "Flows:Import";
    public const string WorkflowsPathKey = "Flows:WorkflowsPath";

    /// <summary>Environment files; blank entries are ignored, so one can switch a default file off.</summary>
    public List<string> Files { get; set; } = [];

    /// <summary>The folder of shipped flow definitions; by default <c>workflows/</c> next to the server.</summary>
    public string WorkflowsPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "workflows");
}
