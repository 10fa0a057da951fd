using System.Text.Json.Nodes;
using Flows.Activities.Messaging;
using Flows.Activities.Tests.TestDoubles;
using Flows.Activities.Users;
using Flows.Engine.Activities;

namespace Flows.Activities.Tests;

/// <summary>The device choice: no device, one device taken without asking, several listed and one chosen, an unknown choice.</summary>
public sealed class ChooseDeviceTests
{
    private readonly ActivityTestHarness _harness = new();
    private readonly FakePasskeys _passkeys = new();
    private readonly TestAccount _alice;
    private readonly InMemoryMessagedCodes _addresses;
    private readonly ChooseDevice _activity;

    public ChooseDeviceTests()
    {
        _alice = _harness.Users.Add(new TestAccount { Id = "user-alice", Username = "alice" });
        _harness.SignInWithPassword(_alice);
        _addresses = new InMemoryMessagedCodes(_harness.Clock);
        _activity = new ChooseDevice(new InMemoryMfaDevices(_harness.Users, _passkeys, _addresses));
    }

    [Fact]
    public async Task Execute_without_a_device_follows_noDevice()
    {
        var result = await _activity.ExecuteAsync(Context());

        Assert.Equal(ChooseDevice.NoDevice, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Null(SelectedDevice.Of(_harness.State));
    }

    [Fact]
    public async Task Execute_with_one_device_follows_its_kind_without_asking_and_keeps_it()
    {
        _alice.TotpSecret = [1, 2, 3];

        var result = await _activity.ExecuteAsync(Context());

        Assert.Equal(ChooseDevice.Totp, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal(new SelectedDevice("totp", MfaDeviceKinds.Totp), SelectedDevice.Of(_harness.State));
    }

    [Fact]
    public async Task Execute_with_several_devices_lists_them_by_masked_name()
    {
        _alice.TotpSecret = [1, 2, 3];
        _passkeys.Add(_alice.Id, "pk-1");

        var result = await _activity.ExecuteAsync(Context());

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowStatuses.DeviceSelectionRequired, prompt.Status);
        Assert.Equal([FlowActions.DeviceSelect], prompt.Actions);
        var devices = Assert.IsType<JsonArray>(prompt.Data?[DeviceSelectionFields.Devices]);
        Assert.Equal(["pk-1", "totp"], devices.Select(device => (string?)device?[DeviceSelectionFields.Id]));
        Assert.Equal(["passkey", "totp"], devices.Select(device => (string?)device?[DeviceSelectionFields.Type]));
        Assert.Equal(["Passkey pk-1", "Authenticator app"], devices.Select(device => (string?)device?[DeviceSelectionFields.Name]));
    }

    [Fact]
    public async Task Resume_with_a_listed_device_follows_its_kind_and_keeps_the_choice()
    {
        _alice.TotpSecret = [1, 2, 3];
        _passkeys.Add(_alice.Id, "pk-1");
        await _activity.ExecuteAsync(Context());

        var result = await _activity.ResumeAsync(Context(), Select("pk-1"));

        Assert.Equal(ChooseDevice.Passkey, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal(new SelectedDevice("pk-1", MfaDeviceKinds.Passkey), SelectedDevice.Of(_harness.State));
    }

    [Fact]
    public async Task Resume_with_an_unknown_device_asks_again_with_an_error_and_keeps_no_choice()
    {
        _alice.TotpSecret = [1, 2, 3];
        _passkeys.Add(_alice.Id, "pk-1");
        _passkeys.Add("user-bob", "pk-bob");

        var result = await _activity.ResumeAsync(Context(), Select("pk-bob"));

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowStatuses.DeviceSelectionRequired, prompt.Status);
        Assert.Equal(FlowErrorCodes.InvalidRequest, prompt.Error?.Code);
        Assert.Null(SelectedDevice.Of(_harness.State));
    }

    [Fact]
    public async Task Execute_without_a_user_fails_the_flow()
    {
        _harness.StartNewFlow();

        var result = await _activity.ExecuteAsync(Context());

        Assert.Equal(FlowErrorCodes.UserNotIdentified, Assert.IsType<FailResult>(result).Error.Code);
    }

    [Fact]
    public void Every_selectable_kind_is_an_outcome_the_graph_can_route()
    {
        var outcomes = ActivityDescriptorFactory.Describe(typeof(ChooseDevice)).Outcomes.Select(outcome => outcome.Name);

        Assert.Superset(MfaDeviceKinds.Selectable.ToHashSet(), outcomes.ToHashSet());
    }

    [Fact]
    public async Task A_node_allowing_email_and_sms_lists_the_verified_addresses_masked_and_follows_the_chosen_kind()
    {
        _alice.TotpSecret = [1, 2, 3];
        _addresses.AddDevice(_alice.Id, ContactChannel.Email, "alice@example.com");
        _addresses.AddDevice(_alice.Id, ContactChannel.Sms, "+15551234567");
        _activity.AllowedKinds = ["totp", "email", "sms"];

        var listed = await _activity.ExecuteAsync(Context());
        var chosen = await _activity.ResumeAsync(Context(), Select("sms"));

        var devices = Assert.IsType<JsonArray>(Assert.IsType<SuspendResult>(listed).Prompt.Data?[DeviceSelectionFields.Devices]);
        Assert.Equal(["totp", "email", "sms"], devices.Select(device => (string?)device?[DeviceSelectionFields.Type]));
        Assert.Equal(["Authenticator app", "a•••", "+•••"], devices.Select(device => (string?)device?[DeviceSelectionFields.Name]));
        Assert.Equal(MfaDeviceKinds.Sms, Assert.IsType<OutcomeResult>(chosen).Name);
        Assert.Equal(new SelectedDevice("sms", MfaDeviceKinds.Sms), SelectedDevice.Of(_harness.State));
    }

    [Fact]
    public async Task A_node_that_does_not_allow_email_neither_lists_nor_takes_an_email_address()
    {
        _alice.TotpSecret = [1, 2, 3];
        _addresses.AddDevice(_alice.Id, ContactChannel.Email, "alice@example.com");

        var result = await _activity.ExecuteAsync(Context());

        Assert.Equal(ChooseDevice.Totp, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Fact]
    public void Email_and_sms_are_outcomes_only_of_nodes_that_allow_them()
    {
        var descriptor = ActivityDescriptorFactory.Describe(typeof(ChooseDevice));
        var node = new Flows.Engine.Definitions.FlowNode
        {
            Id = "choose",
            Type = nameof(ChooseDevice),
            Properties = new() { ["allowedKinds"] = System.Text.Json.JsonSerializer.SerializeToElement(new[] { "passkey", "totp", "email" }) },
        };

        Assert.Equal(["totp", "passkey", "noDevice", "email"], descriptor.OutcomesOf(node));
    }

    private static FlowAction Select(string id) =>
        FlowAction.Create(FlowActions.DeviceSelect, new JsonObject { [DeviceSelectionFields.Device] = new JsonObject { [DeviceSelectionFields.Id] = id } });

    private ActivityContext Context() => _harness.ContextFor<ChooseDevice>();
}
