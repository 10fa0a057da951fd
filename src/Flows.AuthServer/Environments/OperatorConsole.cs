namespace Flows.AuthServer.Environments;

/// <summary>
/// Where start-up shows what only the operator may see once, such as generated passwords: the process's
/// console, deliberately not the logs, which are often shipped and kept elsewhere.
/// </summary>
public sealed class OperatorConsole(TextWriter writer)
{
    public static OperatorConsole Standard { get; } = new(Console.Out);

    public void Show(string text) => writer.WriteLine(text);
}
