using Flows.Engine.Activities;

namespace Flows.Activities.Tests;

/// <summary>The deny step: fails the flow with the administrator's message and code.</summary>
public sealed class DenyTests
{
    private readonly ActivityTestHarness _harness = new();

    [Fact]
    public async Task Execute_fails_the_flow_with_the_message_and_access_denied_by_default()
    {
        var deny = new Deny { Message = "Your account is disabled." };

        var result = await deny.ExecuteAsync(_harness.ContextFor<Deny>());

        var error = Assert.IsType<FailResult>(result).Error;
        Assert.Equal(FlowErrorCodes.AccessDenied, error.Code);
        Assert.Equal("Your account is disabled.", error.Message);
    }

    [Fact]
    public async Task Execute_fails_the_flow_with_the_configured_code()
    {
        var deny = new Deny { Message = "Locked.", Code = "ACCOUNT_LOCKED" };

        var result = await deny.ExecuteAsync(_harness.ContextFor<Deny>());

        Assert.Equal("ACCOUNT_LOCKED", Assert.IsType<FailResult>(result).Error.Code);
    }

    [Fact]
    public async Task Execute_with_an_empty_message_still_tells_the_user_something()
    {
        var result = await new Deny().ExecuteAsync(_harness.ContextFor<Deny>());

        Assert.False(string.IsNullOrWhiteSpace(Assert.IsType<FailResult>(result).Error.Message));
    }
}
