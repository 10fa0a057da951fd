namespace Flows.Engine.Definitions;

/// <summary>Loads flow definitions from <c>*.json</c> files, such as the shipped <c>workflows/</c> folder.</summary>
public static class FlowDefinitionLoader
{
    public static FlowDefinition LoadFile(string path)
    {
        try
        {
            return FlowDefinitionSerializer.Deserialize(File.ReadAllText(path));
        }
        catch (FlowDefinitionFormatException exception)
        {
            throw new FlowDefinitionFormatException($"{Path.GetFileName(path)}: {exception.Message}");
        }
    }

    /// <summary>Every definition in a folder, in file-name order so start-up is repeatable.</summary>
    public static IReadOnlyList<FlowDefinition> LoadDirectory(string directory) =>
        Directory.GetFiles(directory, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(LoadFile)
            .ToList();
}
