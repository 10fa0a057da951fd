using System.Text.RegularExpressions;
using Flows.Testing;

namespace Flows.AuthServer.Tests.Architecture;

/// <summary>
/// The folders of the server form an order: a folder uses only folders below it, so no two lean on each other and
/// the sign-in path never needs the management API. A reference is a <c>using Flows.AuthServer.X</c> or a fully
/// qualified <c>Flows.AuthServer.X.</c> name in a source, page or component file.
/// </summary>
public sealed partial class FolderDependencyTests
{
    private static readonly string ServerRoot = Path.Combine(RepositoryPaths.Root, "src", "Flows.AuthServer");
    private static readonly string[] Skipped = ["bin", "obj", "wwwroot", "Properties", "environments"];

    [Fact]
    public void No_folder_of_the_server_depends_on_a_folder_that_depends_on_it()
    {
        var dependencies = ReadDependencies();

        var cycles = StronglyConnected(dependencies).Where(group => group.Count > 1).ToList();

        Assert.True(cycles.Count == 0, "Folders that depend on each other: " +
            string.Join("; ", cycles.Select(group => string.Join(", ", group.Order()))));
    }

    [Fact]
    public void The_sign_in_path_does_not_use_the_management_api()
    {
        var dependencies = ReadDependencies();

        foreach (var folder in new[] { "Flows", "SignOn", "Protocol", "Sessions", "FlowDefinitions" })
        {
            Assert.DoesNotContain("Management", Reachable(dependencies, folder));
        }
    }

    private static Dictionary<string, HashSet<string>> ReadDependencies()
    {
        var folders = Directory.GetDirectories(ServerRoot).Select(Path.GetFileName).OfType<string>()
            .Where(name => !Skipped.Contains(name)).ToHashSet();
        Assert.Contains("Protocol", folders);

        var dependencies = folders.ToDictionary(folder => folder, _ => new HashSet<string>());
        foreach (var folder in folders)
        {
            var files = Directory.EnumerateFiles(Path.Combine(ServerRoot, folder), "*", SearchOption.AllDirectories)
                .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}"))
                .Where(path => path.EndsWith(".cs") || path.EndsWith(".cshtml") || path.EndsWith(".razor"));
            foreach (var file in files)
            {
                foreach (Match match in ServerFolderReference().Matches(File.ReadAllText(file)))
                {
                    var used = match.Groups[1].Value;
                    if (used != folder && folders.Contains(used))
                    {
                        dependencies[folder].Add(used);
                    }
                }
            }
        }

        return dependencies;
    }

    private static HashSet<string> Reachable(Dictionary<string, HashSet<string>> dependencies, string start)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>(dependencies[start]);
        while (pending.TryPop(out var folder))
        {
            if (seen.Add(folder))
            {
                foreach (var next in dependencies[folder])
                {
                    pending.Push(next);
                }
            }
        }

        return seen;
    }

    // Two folders are in one group when each reaches the other.
    private static List<List<string>> StronglyConnected(Dictionary<string, HashSet<string>> dependencies)
    {
        var reach = dependencies.Keys.ToDictionary(folder => folder, folder => Reachable(dependencies, folder));
        var assigned = new HashSet<string>();
        var groups = new List<List<string>>();
        foreach (var folder in dependencies.Keys.Order())
        {
            if (!assigned.Add(folder))
            {
                continue;
            }

            var group = new List<string> { folder };
            foreach (var other in dependencies.Keys.Where(o => o != folder && reach[folder].Contains(o) && reach[o].Contains(folder)))
            {
                group.Add(other);
                assigned.Add(other);
            }

            groups.Add(group);
        }

        return groups;
    }

    [GeneratedRegex(@"\bFlows\.AuthServer\.([A-Z][A-Za-z]+)\b")]
    private static partial Regex ServerFolderReference();
}
