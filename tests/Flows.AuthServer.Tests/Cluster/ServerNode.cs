using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.Engine.Hosting;

namespace Flows.AuthServer.Tests.Cluster;

/// <summary>
/// A node as an operator runs one: the built server as a process on a port of 127.0.0.1, on the shared database,
/// with the test environment imported and the public URL of the proxy.
/// </summary>
public static class ServerNode
{
    public static Task<ServerProcess> StartAsync(int port, FlowsDatabaseOptions database, Uri publicUrl, string secretsDirectory) =>
        ServerProcess.StartAsync(port, new Dictionary<string, string>
        {
            ["Flows__Database__Provider"] = database.Provider,
            ["Flows__Database__ConnectionString"] = database.ConnectionString,
            ["Flows__PublicUrl"] = publicUrl.GetLeftPart(UriPartial.Authority),
            ["Flows__Import__0"] = Path.Combine(AppContext.BaseDirectory, "environments", "test.json"),
            ["Flows__Admin__Username"] = ManagementServerFixture.AdminUsername,
            ["Flows__Admin__Password"] = ManagementServerFixture.AdminPassword,
            ["Flows__Admin__ClientSecret"] = ManagementServerFixture.AdminClientSecret,
            ["Flows__Secrets__Directory"] = secretsDirectory,
            ["Flows__Passwords__Iterations"] = "1000",
        });
}
