using Flows.Activities.Messaging;
using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;

namespace Flows.Activities.Tests;

/// <summary>The factor condition: each kind with and without such a factor, any device, and flows without a user.</summary>
public sealed class UserHasFactorTests
{
    private readonly ActivityTestHarness _harness = new();
    private readonly FakePasskeys _passkeys = new();
    private readonly InMemoryRecoveryCodes _codes = new();
    private readonly TestAccount _alice;
    private readonly InMemoryMessagedCodes _addresses;

    public UserHasFactorTests()
    {
        _alice = _harness.Users.Add(new TestAccount { Id = "user-alice", Username = "alice" });
        _harness.SignInWithPassword(_alice);
        _addresses = new InMemoryMessagedCodes(_harness.Clock);
    }

    [Theory]
    [InlineData("email", UserHasFactor.Yes)]
    [InlineData("sms", UserHasFactor.No)]
    [InlineData("totp", UserHasFactor.No)]
    [InlineData("", UserHasFactor.Yes)]
    public async Task A_user_with_a_verified_email_address_only_has_an_email_factor(string factor, string expected)
    {
        _addresses.AddDevice(_alice.Id, ContactChannel.Email, "alice@example.com");

        Assert.Equal(expected, await RunAsync(factor));
    }

    [Theory]
    [InlineData("sms", UserHasFactor.Yes)]
    [InlineData("email", UserHasFactor.No)]
    public async Task A_user_with_a_verified_phone_number_only_has_an_sms_factor(string factor, string expected)
    {
        _addresses.AddDevice(_alice.Id, ContactChannel.Sms, "+15551234567");

        Assert.Equal(expected, await RunAsync(factor));
    }

    [Theory]
    [InlineData("totp", UserHasFactor.Yes)]
    [InlineData("passkey", UserHasFactor.No)]
    [InlineData("recoveryCodes", UserHasFactor.Yes)]
    [InlineData("", UserHasFactor.Yes)]
    [InlineData("email", UserHasFactor.No)]
    public async Task A_user_with_an_authenticator_and_recovery_codes_has_those_factors(string factor, string expected)
    {
        _alice.TotpSecret = [1, 2, 3];
        await _codes.RegenerateAsync(ActivityTestHarness.EnvironmentId, _alice.Id, CancellationToken.None);

        Assert.Equal(expected, await RunAsync(factor));
    }

    [Theory]
    [InlineData("passkey", UserHasFactor.Yes)]
    [InlineData("totp", UserHasFactor.No)]
    [InlineData("recoveryCodes", UserHasFactor.No)]
    [InlineData("", UserHasFactor.Yes)]
    public async Task A_user_with_a_passkey_only_has_a_passkey(string factor, string expected)
    {
        _passkeys.Add(_alice.Id, "pk-1");

        Assert.Equal(expected, await RunAsync(factor));
    }

    [Fact]
    public async Task A_user_without_factors_has_no_device()
    {
        Assert.Equal(UserHasFactor.No, await RunAsync(""));
    }

    [Fact]
    public async Task Without_a_user_the_answer_is_no()
    {
        _passkeys.Add(_alice.Id, "pk-1");
        _harness.StartNewFlow();

        Assert.Equal(UserHasFactor.No, await RunAsync("passkey"));
    }

    private async Task<string> RunAsync(string factor)
    {
        var activity = new UserHasFactor(new InMemoryMfaDevices(_harness.Users, _passkeys, _addresses), _codes) { Factor = factor };
        var result = await activity.ExecuteAsync(_harness.ContextFor<UserHasFactor>());
        return Assert.IsType<OutcomeResult>(result).Name;
    }
}
