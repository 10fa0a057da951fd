using Flows.Activities.Users;
using Flows.AuthServer.Data;
using Flows.AuthServer.Tests.Support;
using Flows.AuthServer.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Tests.Users;

/// <summary>Password checks and look-ups of the server's user directory.</summary>
public sealed class UserDirectoryTests : UserDirectoryTestBase
{
    [Fact]
    public async Task The_right_password_succeeds_with_the_user()
    {
        await CreateUserAsync("alice", user => user with { Email = "alice@example.com", Name = "Alice", Groups = ["staff"] });

        var check = await CheckAsync("alice", Password);

        Assert.Equal(PasswordCheckResult.Success, check.Result);
        Assert.Equal(("alice", "alice@example.com", "Alice"), (check.User!.Username, check.User.Email, check.User.Name));
        Assert.Equal(["staff"], check.User.Groups);
        Assert.False(check.User.HasOtpDevice);
    }

    [Fact]
    public async Task Usernames_are_matched_regardless_of_case()
    {
        await CreateUserAsync("Alice");

        var check = await CheckAsync("aLICE", Password);
        var found = await DirectoryAsync(directory => directory.FindByUsernameAsync(Main, "ALICE", CancellationToken.None));

        Assert.Equal(PasswordCheckResult.Success, check.Result);
        Assert.Equal("Alice", found!.Username);
    }

    [Fact]
    public async Task A_wrong_password_is_invalid_credentials_without_the_user_and_is_counted()
    {
        var alice = await CreateUserAsync("alice");

        var check = await CheckAsync("alice", "wrong password");

        Assert.Equal(PasswordCheckResult.InvalidCredentials, check.Result);
        Assert.Null(check.User);
        Assert.Equal(1, (await StoredAsync(alice)).AccessFailedCount);
    }

    [Fact]
    public async Task An_unknown_username_is_invalid_credentials()
    {
        var check = await CheckAsync("nobody", Password);

        Assert.Equal(new PasswordCheck(PasswordCheckResult.InvalidCredentials, null), check);
    }

    [Fact]
    public async Task A_user_without_a_password_cannot_sign_in_with_one()
    {
        await TestEnvironments.CreateUserAsync(Server, Main, new NewUser("passwordless"));

        var check = await CheckAsync("passwordless", "");

        Assert.Equal(PasswordCheckResult.InvalidCredentials, check.Result);
    }

    [Fact]
    public async Task A_user_is_unknown_in_every_other_environment()
    {
        var alice = await CreateUserAsync("alice");

        var check = await CheckAsync("alice", Password, Other);
        var byId = await DirectoryAsync(directory => directory.FindByIdAsync(Other, alice.Id, CancellationToken.None));

        Assert.Equal(PasswordCheckResult.InvalidCredentials, check.Result);
        Assert.Null(byId);
    }

    [Fact]
    public async Task A_disabled_user_is_told_so_only_with_the_right_password()
    {
        await CreateUserAsync("alice", user => user with { Enabled = false });

        var wrong = await CheckAsync("alice", "wrong password");
        var right = await CheckAsync("alice", Password);

        Assert.Equal(PasswordCheckResult.InvalidCredentials, wrong.Result);
        Assert.Equal(PasswordCheckResult.Disabled, right.Result);
        Assert.False(right.User!.Enabled);
    }

    [Fact]
    public async Task A_user_who_must_change_the_password_is_told_so_after_the_right_one()
    {
        await CreateUserAsync("alice", user => user with { MustChangePassword = true });

        Assert.Equal(PasswordCheckResult.InvalidCredentials, (await CheckAsync("alice", "wrong password")).Result);
        Assert.Equal(PasswordCheckResult.MustChangePassword, (await CheckAsync("alice", Password)).Result);
    }

    [Fact]
    public async Task A_hash_with_fewer_iterations_is_upgraded_at_the_next_sign_in()
    {
        var alice = await CreateUserAsync("alice");
        var weakHasher = new PasswordHasher<UserRecord>(Options.Create(new PasswordHasherOptions { IterationCount = 100 }));
        var weakHash = weakHasher.HashPassword(alice, Password);
        await Server.InDatabaseAsync(db => db.Users.Where(u => u.Id == alice.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.PasswordHash, weakHash)));

        var check = await CheckAsync("alice", Password);

        var stored = (await StoredAsync(alice)).PasswordHash!;
        Assert.Equal(PasswordCheckResult.Success, check.Result);
        Assert.NotEqual(weakHash, stored);
        Assert.Equal(ServerServices.TestIterations, IdentityHashes.Header(stored).Iterations);
        Assert.Equal(PasswordCheckResult.Success, (await CheckAsync("alice", Password)).Result);
    }
}
