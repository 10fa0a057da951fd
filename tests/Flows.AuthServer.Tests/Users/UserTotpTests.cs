using Flows.AuthServer.Tests.Support;
using Flows.AuthServer.Users;

namespace Flows.AuthServer.Tests.Users;

/// <summary>TOTP keys protected at rest, and each time step accepted once.</summary>
public sealed class UserTotpTests : UserDirectoryTestBase
{
    private const string Base32Key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    [Fact]
    public async Task The_key_is_stored_protected_and_read_back_raw()
    {
        var alice = await CreateUserAsync("alice", user => user with { TotpSecret = Base32Key });

        var stored = (await StoredAsync(alice)).ProtectedTotpSecret!;
        var key = await DirectoryAsync(directory => directory.GetTotpSecretAsync(Main, alice.Id, CancellationToken.None));

        TotpKeys.TryDecode(Base32Key, out var expected);
        Assert.DoesNotContain(Base32Key, stored, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(Convert.ToBase64String(expected), stored);
        Assert.Equal(expected, key);
        Assert.True((await DirectoryAsync(directory => directory.FindByIdAsync(Main, alice.Id, CancellationToken.None)))!.HasOtpDevice);
    }

    [Fact]
    public async Task A_user_without_a_device_has_no_key()
    {
        var alice = await CreateUserAsync("alice");

        Assert.Null(await DirectoryAsync(directory => directory.GetTotpSecretAsync(Main, alice.Id, CancellationToken.None)));
    }

    [Fact]
    public async Task A_time_step_is_accepted_once_and_an_earlier_one_never()
    {
        var alice = await CreateUserAsync("alice", user => user with { TotpSecret = Base32Key });

        var first = await ConsumeAsync(alice.Id, 100);
        var replay = await ConsumeAsync(alice.Id, 100);
        var earlier = await ConsumeAsync(alice.Id, 99);
        var later = await ConsumeAsync(alice.Id, 101);

        Assert.Equal((true, false, false, true), (first, replay, earlier, later));
    }

    [Fact]
    public async Task Of_concurrent_uses_of_one_time_step_exactly_one_is_accepted()
    {
        var alice = await CreateUserAsync("alice", user => user with { TotpSecret = Base32Key });

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => ConsumeAsync(alice.Id, 500))));

        Assert.Single(results, accepted => accepted);
    }

    [Fact]
    public async Task Time_steps_of_another_environment_are_refused()
    {
        var alice = await CreateUserAsync("alice", user => user with { TotpSecret = Base32Key });

        Assert.False(await ConsumeAsync(alice.Id, 100, Other));
    }

    private Task<bool> ConsumeAsync(string userId, long step, string environmentId = Main) =>
        DirectoryAsync(directory => directory.TryConsumeTotpTimeStepAsync(environmentId, userId, step, CancellationToken.None));
}
