using Flows.AuthServer.Tests.Support;
using Flows.AuthServer.Users;

namespace Flows.AuthServer.Tests.Users;

/// <summary>Creating users: unique usernames per environment, hashed passwords, validated values.</summary>
public sealed class UserServiceTests : UserDirectoryTestBase
{
    [Fact]
    public async Task A_created_user_has_a_hashed_password_and_normalized_username()
    {
        var alice = await CreateUserAsync("Alice", user => user with { Attributes = new Dictionary<string, string> { ["department"] = "sales" } });

        var stored = await StoredAsync(alice);

        Assert.Equal(("Alice", "ALICE"), (stored.Username, stored.NormalizedUsername));
        Assert.DoesNotContain(Password, stored.PasswordHash!, StringComparison.Ordinal);
        Assert.Equal(IdentityHashes.V3Marker, IdentityHashes.Header(stored.PasswordHash!).Format);
        Assert.Equal("sales", stored.Attributes["department"]);
        Assert.Equal(Server.Clock.GetUtcNow(), stored.CreatedAt);
    }

    [Fact]
    public async Task A_username_taken_in_any_case_is_refused()
    {
        await CreateUserAsync("alice");

        var refused = await Assert.ThrowsAsync<DuplicateUsernameException>(() => CreateUserAsync("ALICE"));

        Assert.Contains("'ALICE'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_username_may_exist_in_another_environment()
    {
        await CreateUserAsync("alice");

        var other = await TestEnvironments.CreateUserAsync(Server, Other, new NewUser("alice"));

        Assert.Equal(Other, other.EnvironmentId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_blank_username_is_refused(string username)
    {
        await Assert.ThrowsAsync<InvalidUserException>(() => CreateUserAsync(username));
    }

    [Fact]
    public async Task A_username_longer_than_the_column_is_refused()
    {
        await CreateUserAsync(new string('a', Usernames.MaxLength));

        await Assert.ThrowsAsync<InvalidUserException>(() => CreateUserAsync(new string('b', Usernames.MaxLength + 1)));
    }

    [Theory]
    [InlineData("not base32!")]
    [InlineData("JBSWY3DP")]
    public async Task A_totp_secret_that_is_not_base32_of_128_bits_is_refused(string secret)
    {
        var refused = await Assert.ThrowsAsync<InvalidUserException>(() => CreateUserAsync("alice", user => user with { TotpSecret = secret }));

        Assert.Contains("Base32", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_against_the_policy_is_refused()
    {
        await Assert.ThrowsAsync<InvalidUserException>(() => CreateUserAsync("alice", user => user with { Password = "short" }));
    }

    [Fact]
    public async Task A_user_of_an_unknown_environment_is_refused()
    {
        await Assert.ThrowsAsync<InvalidUserException>(() => TestEnvironments.CreateUserAsync(Server, "missing", new NewUser("alice")));
    }
}
