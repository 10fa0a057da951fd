using Flows.Engine.Hosting;
using Microsoft.Data.Sqlite;

namespace Flows.AuthServer.Environments;

/// <summary>
/// Where start-up shows what only the operator may see once, such as generated passwords — deliberately not the
/// logs, which are often shipped and kept elsewhere. On a terminal that is the console; when the output is
/// redirected (a container or a service, whose output a log collector keeps) it is a file only the owner can
/// read, and the console says where.
/// </summary>
public sealed class OperatorConsole(TextWriter console, string? secretsFile = null)
{
    /// <summary>Where the file goes; by default next to the SQLite database, else in the content root.</summary>
    public const string SecretsDirectoryKey = "Flows:Secrets:Directory";

    public const string SecretsFileName = "flows-secrets.txt";

    /// <summary>The console of this process, or the secrets file when its output is not a terminal.</summary>
    public static OperatorConsole ForProcess(IConfiguration configuration, string contentRoot) => Console.IsOutputRedirected
        ? new(Console.Out, Path.Combine(SecretsDirectory(configuration, contentRoot), SecretsFileName))
        : new(Console.Out);

    public void Show(string text)
    {
        if (secretsFile is null)
        {
            console.WriteLine(text);
            return;
        }

        OwnerOnlyFile.Append(secretsFile, text + Environment.NewLine + Environment.NewLine);
        console.WriteLine($"Generated secrets were written to {secretsFile} (readable only by its owner); note them, then delete the file.");
    }

    private static string SecretsDirectory(IConfiguration configuration, string contentRoot)
    {
        if (configuration[SecretsDirectoryKey] is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured, contentRoot);
        }

        var database = configuration.GetSection(FlowsDatabaseOptions.Section).Get<FlowsDatabaseOptions>() ?? new();
        if (string.Equals(database.Provider, FlowsDatabaseProviders.Sqlite, StringComparison.OrdinalIgnoreCase)
            && new SqliteConnectionStringBuilder(database.ConnectionString).DataSource is { Length: > 0 } file
            && file != ":memory:")
        {
            // SQLite opens a relative file from the working directory, and so does this.
            return Path.GetDirectoryName(Path.GetFullPath(file))!;
        }

        return contentRoot;
    }
}
