using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;

namespace Flows.Activities.Tests;

/// <summary>The amr condition: methods this flow used, ones it did not, case and spaces.</summary>
public sealed class FactorUsedTests
{
    private readonly ActivityTestHarness _harness = new();

    public FactorUsedTests()
    {
        _harness.SignInWithPassword(_harness.Users.Add(new TestAccount { Id = "user-alice", Username = "alice" }));
        _harness.State.AddAuthenticationMethod(AuthenticationMethods.Otp);
    }

    [Theory]
    [InlineData("pwd", FactorUsed.Yes)]
    [InlineData("otp", FactorUsed.Yes)]
    [InlineData(" otp ", FactorUsed.Yes)]
    [InlineData("OTP", FactorUsed.No)]
    [InlineData("swk", FactorUsed.No)]
    [InlineData("mfa", FactorUsed.No)]
    public async Task Follows_yes_only_for_a_method_this_flow_used(string method, string expected)
    {
        var result = await new FactorUsed { Method = method }.ExecuteAsync(_harness.ContextFor<FactorUsed>());

        Assert.Equal(expected, Assert.IsType<OutcomeResult>(result).Name);
    }
}
