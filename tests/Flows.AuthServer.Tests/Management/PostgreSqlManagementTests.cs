using System.Net;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// The management API on PostgreSQL: the server's migrations (managed flows, audit log) run there, and the
/// README's operator script works end to end; the audit log and the instance list read back what it did.
/// </summary>
public sealed class PostgreSqlManagementTests(PostgreSqlManagementServer postgres) : IClassFixture<PostgreSqlManagementServer>
{
    private readonly ManagementServerFixture _server = postgres.Server;

    [Fact]
    public async Task The_operator_script_works_on_postgresql_and_its_changes_are_audited()
    {
        var (exitCode, output, errors) = await OperatorScript.RunAsync(_server.BaseAddress, "pg-shop");

        Assert.True(exitCode == 0, $"operator.sh exited with {exitCode}\nstdout:\n{output}\nstderr:\n{errors}");
        var api = new ManagementApi(_server.CreateClient());
        var token = await api.TokenAsync();
        var audit = await api.GetAsync("/v1/environments/pg-shop/auditEntries", token);
        Assert.Equal(HttpStatusCode.OK, audit.Status);
        var actions = audit.Body["items"]!.AsArray().Select(e => e!["path"]!.GetValue<string>()).ToList();
        Assert.Contains("/v1/environments/pg-shop/applications", actions);
        Assert.Contains("/v1/environments/pg-shop/users", actions);
        var completed = await api.GetAsync("/v1/environments/pg-shop/flowInstances?status=COMPLETED", token);
        Assert.Single(completed.Body["items"]!.AsArray());
    }
}
