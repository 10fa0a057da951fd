using Flows.Activities.Users;
using Flows.AuthServer.Data;
using Flows.AuthServer.Users;
using Flows.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Support;

/// <summary>Fresh server services with two environments, and short ways to call the user directory.</summary>
public abstract class UserDirectoryTestBase : IAsyncLifetime
{
    protected const string Main = TestEnvironments.Main;
    protected const string Other = TestEnvironments.Other;
    protected const string Password = TestEnvironments.Password;

    protected ServerServices Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ServerServices.StartAsync(database: await CreateDatabaseAsync());
        await TestEnvironments.CreateAsync(Server, Main);
        await TestEnvironments.CreateAsync(Server, Other);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>The database the services start on (theirs to drop); null: a fresh SQLite file.</summary>
    protected virtual Task<TestDatabase?> CreateDatabaseAsync() => Task.FromResult<TestDatabase?>(null);

    protected Task<UserRecord> CreateUserAsync(string username, Func<NewUser, NewUser>? change = null) =>
        TestEnvironments.CreateUserAsync(Server, Main, (change ?? (user => user))(new NewUser(username) { Password = Password }));

    protected Task<UserRecord> StoredAsync(UserRecord user) => TestEnvironments.FindUserAsync(Server, user.Id);

    protected Task<T> DirectoryAsync<T>(Func<IUserDirectory, Task<T>> call) =>
        Server.InScopeAsync(services => call(services.GetRequiredService<IUserDirectory>()));

    protected Task<PasswordCheck> CheckAsync(string username, string password, string environmentId = Main) =>
        DirectoryAsync(directory => directory.CheckPasswordAsync(environmentId, username, password, CancellationToken.None));
}
