using Flows.AuthServer.Administration;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Provisioning;
using Flows.AuthServer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Environments;

/// <summary>Start-up: the admin environment, the configured files, and generated secrets shown exactly once.</summary>
public sealed class EnvironmentBootstrapperTests
{
    private const string DemoFile = "environments/demo.json";

    [Fact]
    public async Task Start_up_creates_the_admin_environment_without_applications_or_users()
    {
        await using var server = await ServerServices.StartAsync();

        var results = await RunAsync(server);

        var admin = Assert.Single(results);
        Assert.Equal((AdminEnvironment.Id, true), (admin.EnvironmentId, admin.Created));
        Assert.Empty(admin.Applications);
        Assert.Empty(admin.Users);
    }

    [Fact]
    public async Task Start_up_imports_the_demo_file_and_shows_its_secrets_on_the_console_but_not_in_the_logs()
    {
        await using var server = await StartWithImportsAsync(DemoFile);

        var results = await RunAsync(server);

        var demo = results.Single(r => r.EnvironmentId == "demo");
        var secrets = Secrets(demo);
        Assert.Equal(["admin", "demo"], results.Select(r => r.EnvironmentId));
        Assert.Equal(["try-it", "demo-web", "demo-service"], demo.Applications.Select(a => a.ClientId));
        Assert.Equal(5, secrets.Count);
        Assert.StartsWith("otpauth://totp/Flows%20Demo:alice?secret=", demo.Users.Single(u => u.Username == "alice").GeneratedTotp!.Uri, StringComparison.Ordinal);
        Assert.Null(demo.Users.Single(u => u.Username == "bob").GeneratedTotp);
        Assert.All(secrets, secret => Assert.Contains(secret, server.Console.ToString(), StringComparison.Ordinal));
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, server.Logs.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_start_creates_nothing_and_shows_no_secret()
    {
        await using var server = await StartWithImportsAsync(DemoFile);
        var first = await RunAsync(server);
        var logsBefore = server.Logs.Messages.Count;
        var consoleBefore = server.Console.ToString().Length;

        var second = await RunAsync(server);

        var laterLogs = string.Join("\n", server.Logs.Messages.Skip(logsBefore));
        Assert.All(second, result => Assert.False(result.Created));
        Assert.All(Secrets(first.Single(r => r.EnvironmentId == "demo")), secret => Assert.DoesNotContain(secret, laterLogs, StringComparison.Ordinal));
        Assert.Equal(consoleBefore, server.Console.ToString().Length);
        Assert.Equal(2, await server.InDatabaseAsync(db => db.Environments.CountAsync()));
    }

    [Fact]
    public async Task A_single_configured_path_is_imported_like_an_array_of_one()
    {
        await using var server = await ServerServices.StartAsync(new Dictionary<string, string?> { [EnvironmentImportOptions.Section] = DemoFile });

        var results = await RunAsync(server);

        Assert.Equal(["admin", "demo"], results.Select(r => r.EnvironmentId));
    }

    [Fact]
    public async Task Blank_entries_switch_a_configured_file_off()
    {
        await using var server = await StartWithImportsAsync("");

        var results = await RunAsync(server);

        Assert.Equal([AdminEnvironment.Id], results.Select(r => r.EnvironmentId));
    }

    [Fact]
    public async Task A_missing_file_stops_start_up_naming_it()
    {
        await using var server = await StartWithImportsAsync("environments/missing.json");

        var refused = await Assert.ThrowsAsync<EnvironmentImportException>(() => RunAsync(server));

        Assert.Equal(Path.Combine(ServerServices.ServerContentRoot, "environments", "missing.json"), refused.ImportSource);
    }

    [Fact]
    public async Task An_invalid_file_stops_start_up_naming_it_and_creates_nothing_of_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"flows-env-{Guid.NewGuid():N}.json");
        await System.IO.File.WriteAllTextAsync(path, """{ "id": "broken", "name": "Broken", "defaultFlow": "no-such-flow" }""");
        try
        {
            await using var server = await StartWithImportsAsync(path);

            var refused = await Assert.ThrowsAsync<EnvironmentImportException>(() => RunAsync(server));

            Assert.Equal(path, refused.ImportSource);
            Assert.Contains("no-such-flow", refused.Message, StringComparison.Ordinal);
            Assert.False(await server.InDatabaseAsync(db => db.Environments.AnyAsync(e => e.Id == "broken")));
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    private static Task<ServerServices> StartWithImportsAsync(string file) =>
        ServerServices.StartAsync(new Dictionary<string, string?> { [$"{EnvironmentImportOptions.Section}:0"] = file });

    private static Task<IReadOnlyList<EnvironmentImportResult>> RunAsync(ServerServices server) =>
        server.Services.GetRequiredService<EnvironmentBootstrapper>().RunAsync();

    private static List<string> Secrets(EnvironmentImportResult result) =>
        result.Applications.Select(a => a.GeneratedSecret)
            .Concat(result.Users.Select(u => u.GeneratedPassword))
            .Concat(result.Users.Select(u => u.GeneratedTotp?.Secret))
            .OfType<string>()
            .ToList();
}
