using Flows.AuthServer.Data;
using Flows.AuthServer.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Support;

/// <summary>Bare environments and users for tests of one service, without a full import.</summary>
public static class TestEnvironments
{
    public const string Main = "main";
    public const string Other = "other";
    public const string Password = "correct horse battery";

    public static Task CreateAsync(ServerServices server, string id) => server.InDatabaseAsync(async db =>
    {
        db.Environments.Add(new EnvironmentRecord { Id = id, Name = id, DefaultFlowId = "username-password", CreatedAt = server.Clock.GetUtcNow() });
        return await db.SaveChangesAsync();
    });

    public static Task<UserRecord> CreateUserAsync(ServerServices server, string environmentId, NewUser user) =>
        server.InScopeAsync(services => services.GetRequiredService<UserService>().CreateAsync(environmentId, user, CancellationToken.None));

    public static Task<UserRecord> FindUserAsync(ServerServices server, string userId) =>
        server.InDatabaseAsync(async db => (await db.Users.FindAsync(userId))!);
}
