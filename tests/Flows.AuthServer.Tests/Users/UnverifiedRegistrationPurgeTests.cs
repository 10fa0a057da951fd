using Flows.Activities.Messaging;
using Flows.Activities.Users;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Flows.AuthServer.Retention;
using Flows.AuthServer.Tests.Support;
using Flows.AuthServer.Users;
using Flows.AuthServer.Users.ContactDevices;
using Flows.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Users;

/// <summary>
/// The purge of registrations never verified, over the real store with <c>Flows:Registration:UnverifiedLifetime</c> at two
/// days and a clock the test moves: past the lifetime such an account goes with its address and codes, and its username is
/// free again; a younger one, a verified one, one an administrator enabled, and a disabled user an administrator created
/// stay; purges of several nodes at once delete each account once; the log tells only how many. On SQLite and PostgreSQL.
/// </summary>
public abstract class UnverifiedRegistrationPurgeTests : IAsyncLifetime
{
    private const string Environment = TestEnvironments.Main;
    private const string Password = "a-new-password-9";
    private const string Code = "123456";
    private const string VerifyNode = "verify";
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(2);

    private ServerServices _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerServices.StartAsync(
            new Dictionary<string, string?> { ["Flows:Registration:UnverifiedLifetime"] = "2.00:00:00" }, await CreateDatabaseAsync());
        await TestEnvironments.CreateAsync(_server, Environment);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>The fresh database the server's services run on.</summary>
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task A_registration_unverified_past_the_lifetime_is_purged_with_its_address_and_codes_and_its_username_is_free_again()
    {
        var userId = await RegisterAsync("nina");
        await StoreCodeAsync(userId, "nina");
        _server.Clock.Advance(Lifetime + TimeSpan.FromMinutes(1));

        var result = await PurgeAsync();
        var again = await RegisterAsync("nina");

        Assert.Equal(1, result.UnverifiedRegistrations);
        Assert.False(await _server.InDatabaseAsync(db => db.Users.AnyAsync(u => u.Id == userId)));
        Assert.False(await _server.InDatabaseAsync(db => db.ContactDevices.AnyAsync(d => d.UserId == userId)));
        Assert.False(await _server.InDatabaseAsync(db => db.SentCodes.AnyAsync(c => c.UserId == userId)));
        Assert.NotEqual(userId, again);
    }

    [Fact]
    public async Task A_registration_younger_than_the_lifetime_is_kept()
    {
        var userId = await RegisterAsync("otto");
        _server.Clock.Advance(Lifetime - TimeSpan.FromMinutes(1));

        var result = await PurgeAsync();

        Assert.Equal(0, result.UnverifiedRegistrations);
        Assert.False((await TestEnvironments.FindUserAsync(_server, userId)).Enabled);
    }

    [Fact]
    public async Task A_disabled_user_an_administrator_created_is_kept_however_old_even_with_an_unverified_address()
    {
        var user = await TestEnvironments.CreateUserAsync(_server, Environment,
            new NewUser("paul") { Password = Password, Email = "paul@register.test", Enabled = false });
        await _server.InDatabaseAsync(db =>
        {
            db.ContactDevices.Add(new ContactDeviceRecord
            {
                EnvironmentId = Environment, UserId = user.Id, Channel = "EMAIL", Address = "paul@register.test", Verified = false,
            });
            return db.SaveChangesAsync();
        });
        _server.Clock.Advance(TimeSpan.FromDays(365));

        var result = await PurgeAsync();

        Assert.Equal(0, result.UnverifiedRegistrations);
        Assert.Null((await TestEnvironments.FindUserAsync(_server, user.Id)).UnverifiedSince);
        Assert.True(await _server.InDatabaseAsync(db => db.ContactDevices.AnyAsync(d => d.UserId == user.Id)));
    }

    [Fact]
    public async Task A_verified_registration_is_kept()
    {
        var userId = await RegisterAsync("quinn");
        await StoreCodeAsync(userId, "quinn");
        var check = await _server.InScopeAsync(services => services.GetRequiredService<IUserRegistrations>()
            .VerifyAsync(Environment, userId, FlowOf("quinn"), VerifyNode, Code, CancellationToken.None));
        _server.Clock.Advance(TimeSpan.FromDays(365));

        var result = await PurgeAsync();

        Assert.Equal(CodeCheck.Valid, check);
        Assert.Equal(0, result.UnverifiedRegistrations);
        var user = await TestEnvironments.FindUserAsync(_server, userId);
        Assert.True(user.Enabled);
        Assert.Null(user.UnverifiedSince);
    }

    [Fact]
    public async Task A_registration_an_administrator_enabled_is_kept_even_once_disabled_again()
    {
        var userId = await RegisterAsync("rita");
        await ChangeAsync(userId, enabled: true);
        await ChangeAsync(userId, enabled: false);
        _server.Clock.Advance(TimeSpan.FromDays(365));

        var result = await PurgeAsync();

        Assert.Equal(0, result.UnverifiedRegistrations);
        Assert.False((await TestEnvironments.FindUserAsync(_server, userId)).Enabled);
    }

    [Fact]
    public async Task Purges_of_several_nodes_at_once_delete_each_registration_once()
    {
        var userIds = new List<string>();
        foreach (var name in new[] { "sam", "tara", "uma", "vera", "walt" })
        {
            userIds.Add(await RegisterAsync(name));
        }

        _server.Clock.Advance(Lifetime + TimeSpan.FromMinutes(1));

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PurgeAsync()));

        Assert.Equal(5, results.Sum(r => r.UnverifiedRegistrations));
        Assert.False(await _server.InDatabaseAsync(db => db.Users.AnyAsync(u => userIds.Contains(u.Id))));
    }

    [Fact]
    public async Task The_sweeper_logs_how_many_registrations_it_purged_and_nothing_of_them()
    {
        var userId = await RegisterAsync("xena");
        _server.Clock.Advance(Lifetime + TimeSpan.FromMinutes(1));
        var sweeper = ActivatorUtilities.CreateInstance<RetentionSweeper>(_server.Services);

        await sweeper.StartAsync(CancellationToken.None);
        var logged = await LoggedPurgeAsync();
        await sweeper.StopAsync(CancellationToken.None);

        Assert.Contains("1 unverified registrations", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("xena", _server.Logs.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(userId, _server.Logs.Text, StringComparison.Ordinal);
    }

    private static string FlowOf(string username) => $"flow-{username}";

    /// <summary>Registers as the registration step does; the new account's id.</summary>
    private async Task<string> RegisterAsync(string username)
    {
        var result = await _server.InScopeAsync(services => services.GetRequiredService<IUserRegistrations>().RegisterAsync(
            new NewRegistration(Environment, FlowOf(username), username, $"{username}@register.test", Password, new Dictionary<string, string>()),
            CancellationToken.None));
        Assert.False(result.Refused);
        return Assert.IsType<string>(result.UserId);
    }

    /// <summary>Keeps the code the verification step sent, as it does once the mail is out.</summary>
    private Task StoreCodeAsync(string userId, string username) => _server.InScopeAsync(services => services.GetRequiredService<SentCodeStore>()
        .StoreAsync(Environment, FlowOf(username), VerifyNode, userId, Code, TimeSpan.FromMinutes(10), CancellationToken.None));

    private Task ChangeAsync(string userId, bool enabled) => _server.InScopeAsync(services => services.GetRequiredService<UserService>()
        .ChangeAsync(Environment, userId, new UserChangeRequest { Enabled = enabled }, null,
            new AuditActor("administrator", "PATCH", $"/v1/environments/{Environment}/users/{userId}"), CancellationToken.None));

    private Task<RetentionPurgeResult> PurgeAsync() =>
        _server.InScopeAsync(services => services.GetRequiredService<RetentionPurge>().RunAsync(CancellationToken.None));

    private async Task<string> LoggedPurgeAsync()
    {
        for (var waited = 0; waited < 200; waited++)
        {
            if (_server.Logs.Messages.FirstOrDefault(m => m.StartsWith("Purged past retention", StringComparison.Ordinal)) is { } message)
            {
                return message;
            }

            await Task.Delay(50);
        }

        Assert.Fail("The sweeper logged no purge.");
        return "";
    }
}

/// <summary>The purge of unverified registrations on the default SQLite database.</summary>
public sealed class UnverifiedRegistrationPurgeOnSqliteTests : UnverifiedRegistrationPurgeTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

/// <summary>The purge of unverified registrations on PostgreSQL, the database several nodes share (scripts/test.sh starts one).</summary>
public sealed class UnverifiedRegistrationPurgeOnPostgreSqlTests : UnverifiedRegistrationPurgeTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgreSqlAsync();
}
