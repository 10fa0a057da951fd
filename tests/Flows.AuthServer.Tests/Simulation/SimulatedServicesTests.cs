using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.Activities.Messaging;
using Flows.Activities.Outbound;
using Flows.Activities.Users;
using Flows.AuthServer.Simulation;
using Flows.Engine.Instances;
using OtpNet;

namespace Flows.AuthServer.Tests.Simulation;

/// <summary>The simulated services of a dry run: they judge by the verdict or the description, and only tell what they would do.</summary>
public sealed class SimulatedServicesTests
{
    private const string Env = "env";
    private static readonly FlowPrompt OtpPrompt = new(FlowStatuses.OtpRequired, [FlowActions.OtpCheck]);

    [Theory]
    [InlineData(null, "typed", PasswordCheckResult.Success)]
    [InlineData(null, "other", PasswordCheckResult.InvalidCredentials)]
    [InlineData(SimulationVerdicts.Wrong, "typed", PasswordCheckResult.InvalidCredentials)]
    [InlineData(SimulationVerdicts.Right, "other", PasswordCheckResult.Success)]
    public async Task A_password_is_judged_by_the_verdict_else_by_the_described_password(string? verdict, string typed, PasswordCheckResult expected)
    {
        var scenario = Scenario(new SimulatedUserRequest { Username = "ada", Password = "typed" });
        scenario.Verdict = verdict;

        var check = await new SimulatedUserDirectory(scenario).CheckPasswordAsync(Env, "ADA", typed, CancellationToken.None);

        Assert.Equal(expected, check.Result);
    }

    [Fact]
    public async Task A_disabled_or_must_change_user_is_told_only_after_a_right_password()
    {
        var disabled = Scenario(new SimulatedUserRequest { Username = "ada", Password = "pw", Enabled = false });
        var mustChange = Scenario(new SimulatedUserRequest { Username = "ada", Password = "pw", MustChangePassword = true });

        Assert.Equal(PasswordCheckResult.Disabled, (await new SimulatedUserDirectory(disabled).CheckPasswordAsync(Env, "ada", "pw", default)).Result);
        Assert.Equal(PasswordCheckResult.InvalidCredentials, (await new SimulatedUserDirectory(disabled).CheckPasswordAsync(Env, "ada", "x", default)).Result);
        Assert.Equal(PasswordCheckResult.MustChangePassword, (await new SimulatedUserDirectory(mustChange).CheckPasswordAsync(Env, "ada", "pw", default)).Result);
    }

    [Fact]
    public async Task Only_the_simulated_user_exists()
    {
        var directory = new SimulatedUserDirectory(Scenario(new SimulatedUserRequest { Username = "ada" }));

        Assert.NotNull(await directory.FindByUsernameAsync(Env, "Ada", default));
        Assert.Null(await directory.FindByUsernameAsync(Env, "bob", default));
        Assert.Null(await directory.FindByUsernameAsync("other-env", "ada", default));
    }

    [Fact]
    public void A_right_verdict_becomes_the_authenticators_current_code_and_a_wrong_one_a_code_of_no_near_step()
    {
        var user = SimulatedUser.Describe(new SimulatedUserRequest { Username = "ada", Devices = [SimulatedDevices.Totp] });
        var now = DateTimeOffset.UtcNow;
        var totp = new Totp(user.TotpSecret!);

        var right = SimulatedAnswers.ToAction(new SimulatedAnswer { Action = FlowActions.OtpCheck, Verdict = SimulationVerdicts.Right }, OtpPrompt, user, now);
        var wrong = SimulatedAnswers.ToAction(new SimulatedAnswer { Action = FlowActions.OtpCheck, Verdict = SimulationVerdicts.Wrong }, OtpPrompt, user, now);

        Assert.True(totp.VerifyTotp(now.UtcDateTime, right.GetString(OtpFields.Code)!, out _, new VerificationWindow(1, 1)));
        Assert.False(totp.VerifyTotp(now.UtcDateTime, wrong.GetString(OtpFields.Code)!, out _, new VerificationWindow(5, 5)));
    }

    [Fact]
    public async Task A_message_is_told_with_its_code_and_that_code_is_right()
    {
        var scenario = Scenario(new SimulatedUserRequest { Username = "ada", Email = "ada@example.com", Devices = [SimulatedDevices.Email] });
        var factors = new SimulatedFactors(scenario);
        var device = await factors.FindDeviceAsync(Env, SimulationIds.DescribedUserId, ContactChannel.Email, default);

        var delivery = await factors.SendAsync(new CodeRequest(Env, SimulationIds.DescribedUserId, "i", "mail", device!, 6, TimeSpan.FromMinutes(5)), default);
        var code = SimulatedFactors.CodeOf("mail", 6);

        Assert.Equal((CodeDelivery.Sent, "a•••@example.com"), (delivery, device!.MaskedAddress));
        Assert.Contains(code, scenario.Effects.Single().Description, StringComparison.Ordinal);
        Assert.Equal(CodeCheck.Valid, await factors.CheckAsync(Env, SimulationIds.DescribedUserId, "i", "mail", code, default));
        Assert.Equal(CodeCheck.Wrong, await factors.CheckAsync(Env, SimulationIds.DescribedUserId, "i", "mail", "000000" == code ? "111111" : "000000", default));
    }

    [Fact]
    public void Variables_whose_names_tell_a_secret_are_masked_but_not_those_of_a_node_named_otp()
    {
        var state = new FlowState
        {
            Variables = new()
            {
                ["enroll.pendingSecret"] = JsonSerializer.SerializeToElement("JBSWY3DPEHPK3PXP"),
                ["otp.failedAttempts"] = JsonSerializer.SerializeToElement(1),
            },
        };

        var shown = SimulationReport.StateOf(state).Variables;

        Assert.Equal("•••", shown["enroll.pendingSecret"].GetString());
        Assert.Equal(1, shown["otp.failedAttempts"].GetInt32());
    }

    [Fact]
    public async Task An_unmocked_outside_call_fails_and_is_told()
    {
        var scenario = Scenario(new SimulatedUserRequest { Username = "ada" });

        var answer = await new SimulatedServiceClient(scenario).CallAsync(
            new ServiceCall(Env, "https://x.example.com", HttpServiceMethod.Post, TimeSpan.FromSeconds(1), 0, new JsonObject()),
            default);

        Assert.Equal(ServiceAnswerKind.Failed, answer.Kind);
        Assert.Equal(SimulationEffectKinds.Call, scenario.Effects.Single().Kind);
    }

    private static SimulationScenario Scenario(SimulatedUserRequest user) =>
        new(Env, SimulatedUser.Describe(user), new Dictionary<string, SimulatedServiceAnswer>(), realReads: null);
}
