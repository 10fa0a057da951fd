using Flows.Testing;

namespace Flows.AuthServer.Tests.Users;

/// <summary>The same lockout on PostgreSQL: its counts are plain statements, built for either provider.</summary>
public sealed class UserLockoutPostgreSqlTests : UserLockoutTests
{
    protected override async Task<TestDatabase?> CreateDatabaseAsync() => await TestDatabase.PostgreSqlAsync();
}
