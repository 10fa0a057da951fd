namespace Flows.AuthServer.Provisioning;

/// <summary>An environment file that cannot be imported; nothing of it was created. The problems say why.</summary>
public sealed class EnvironmentImportException(string source, IReadOnlyList<string> problems)
    : Exception($"{source} cannot be imported: {string.Join("; ", problems)}.")
{
    /// <summary>The file or environment the problems are about.</summary>
    public string ImportSource { get; } = source;

    public IReadOnlyList<string> Problems { get; } = problems;
}
