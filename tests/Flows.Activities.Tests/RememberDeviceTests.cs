using System.Text.Json.Nodes;
using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;

namespace Flows.Activities.Tests;

/// <summary>
/// Remembering the browser: offered only after a second factor, remembered only on a yes (or without asking when so
/// set), for the node's days; and the condition that reads it.
/// </summary>
public sealed class RememberDeviceTests
{
    private readonly ActivityTestHarness _harness = new();
    private readonly InMemoryRememberedDevices _remembered;
    private readonly TestAccount _alice;

    public RememberDeviceTests()
    {
        _remembered = new InMemoryRememberedDevices(_harness.Clock);
        _alice = _harness.Users.Add(new TestAccount { Id = "user-alice", Username = "alice" });
        _harness.SignInWithPassword(_alice);
    }

    [Fact]
    public async Task Execute_after_a_second_factor_asks_whether_to_remember_for_the_days_set()
    {
        _harness.State.AddAuthenticationMethod(AuthenticationMethods.MultiFactor);

        var result = await new RememberDevice(_remembered) { Days = 14 }.ExecuteAsync(Context());

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowStatuses.RememberDeviceRequired, prompt.Status);
        Assert.Equal([FlowActions.DeviceRemember], prompt.Actions);
        Assert.Equal(14, (int?)prompt.Data?[RememberDeviceFields.Days]);
        Assert.Null(_remembered.LifetimeOf(_alice.Id));
    }

    [Fact]
    public async Task Execute_without_a_second_factor_remembers_nothing()
    {
        var result = await new RememberDevice(_remembered) { Ask = false }.ExecuteAsync(Context());

        Assert.Equal(RememberDevice.NotRemembered, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Null(_remembered.LifetimeOf(_alice.Id));
    }

    [Fact]
    public async Task Resume_with_yes_remembers_the_browser_for_the_days_set()
    {
        _harness.State.AddAuthenticationMethod(AuthenticationMethods.MultiFactor);

        var result = await new RememberDevice(_remembered) { Days = 14 }.ResumeAsync(Context(), Answer(true));

        Assert.Equal(RememberDevice.Remembered, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal(TimeSpan.FromDays(14), _remembered.LifetimeOf(_alice.Id));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(null)]
    public async Task Resume_with_anything_but_yes_remembers_nothing(bool? answer)
    {
        _harness.State.AddAuthenticationMethod(AuthenticationMethods.MultiFactor);

        var result = await new RememberDevice(_remembered).ResumeAsync(Context(), Answer(answer));

        Assert.Equal(RememberDevice.NotRemembered, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Null(_remembered.LifetimeOf(_alice.Id));
    }

    [Fact]
    public async Task Without_asking_the_browser_is_remembered_at_once_for_at_most_a_year()
    {
        _harness.State.AddAuthenticationMethod(AuthenticationMethods.MultiFactor);

        var result = await new RememberDevice(_remembered) { Ask = false, Days = 5000 }.ExecuteAsync(Context());

        Assert.Equal(RememberDevice.Remembered, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal(TimeSpan.FromDays(365), _remembered.LifetimeOf(_alice.Id));
    }

    [Fact]
    public async Task Device_remembered_follows_yes_until_the_days_are_over_and_adds_nothing_to_amr()
    {
        await _remembered.RememberAsync(ActivityTestHarness.EnvironmentId, _alice.Id, TimeSpan.FromDays(1), CancellationToken.None);
        var condition = new DeviceRemembered(_remembered);

        var before = await condition.ExecuteAsync(_harness.ContextFor<DeviceRemembered>());
        _harness.Clock.Advance(TimeSpan.FromDays(1));
        var after = await condition.ExecuteAsync(_harness.ContextFor<DeviceRemembered>());

        Assert.Equal(DeviceRemembered.Yes, Assert.IsType<OutcomeResult>(before).Name);
        Assert.Equal(DeviceRemembered.No, Assert.IsType<OutcomeResult>(after).Name);
        Assert.Equal([AuthenticationMethods.Password], _harness.State.Amr);
    }

    [Fact]
    public async Task Device_remembered_without_a_user_follows_no()
    {
        await _remembered.RememberAsync(ActivityTestHarness.EnvironmentId, _alice.Id, TimeSpan.FromDays(1), CancellationToken.None);
        _harness.StartNewFlow();

        var result = await new DeviceRemembered(_remembered).ExecuteAsync(_harness.ContextFor<DeviceRemembered>());

        Assert.Equal(DeviceRemembered.No, Assert.IsType<OutcomeResult>(result).Name);
    }

    private static FlowAction Answer(bool? remember) =>
        FlowAction.Create(FlowActions.DeviceRemember, remember is { } value ? new JsonObject { [RememberDeviceFields.Remember] = value } : new JsonObject());

    private ActivityContext Context() => _harness.ContextFor<RememberDevice>();
}
