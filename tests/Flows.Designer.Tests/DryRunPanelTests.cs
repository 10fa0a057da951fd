using Bunit;
using Flows.Designer.DryRun;
using Flows.Designer.Services;
using Flows.Designer.Tests.Support;

namespace Flows.Designer.Tests;

/// <summary>The dry run panel: sets up a run, replays every answer with its verdict, and tells where the run stopped.</summary>
public sealed class DryRunPanelTests : DesignerTestContext
{
    private readonly List<(DryRunResult? Run, int Upto)> _paths = [];

    private IRenderedComponent<DryRunPanel> RenderPanel() => Render<DryRunPanel>(ps => ps
        .Add(p => p.EnvironmentId, "demo")
        .Add(p => p.Definition, ShippedFlow("password-then-otp"))
        .Add(p => p.OnPath, path => _paths.Add(path)));

    private static void Start(IRenderedComponent<DryRunPanel> cut, bool withAuthenticator = true)
    {
        if (withAuthenticator)
        {
            cut.Find(".dry-run-device-totp input").Change(true);
        }

        cut.Find(".dry-run-start").Click();
    }

    [Fact]
    public void Starting_runs_what_the_canvas_shows_as_the_described_user_and_shows_the_first_prompt()
    {
        var cut = RenderPanel();
        cut.Find(".dry-run-username input").Change("ada");

        Start(cut);

        var request = Assert.Single(Simulations.Requests);
        Assert.Equal(("password-then-otp", null), (request.FlowId, request.Version));
        Assert.NotNull(request.Definition);
        Assert.Equal("ada", request.User.Username);
        Assert.Equal(["totp"], request.User.Devices!);
        Assert.Empty(request.Answers);
        Assert.Equal("USERNAME_PASSWORD_REQUIRED", cut.Find(".dry-run-prompt-status").TextContent);
        Assert.Equal("ada", cut.Find(".dry-run-field-username input").GetAttribute("value"));
        Assert.Equal((1, 1), (_paths[^1].Run!.Steps.Count, _paths[^1].Upto));
    }

    [Fact]
    public void A_right_password_then_a_wrong_and_a_right_code_replays_each_answer_and_ends_signed_in_with_mfa()
    {
        var cut = RenderPanel();
        Start(cut);

        cut.Find(".dry-run-right").Click();
        cut.WaitForAssertion(() => Assert.Equal("OTP_REQUIRED", cut.Find(".dry-run-prompt-status").TextContent));
        cut.Find(".dry-run-wrong").Click();
        cut.WaitForAssertion(() => Assert.Contains("INVALID_OTP", cut.Find(".dry-run-prompt-error").TextContent));
        cut.Find(".dry-run-right").Click();

        cut.WaitForAssertion(() => Assert.Equal("completed", cut.Find(".dry-run-ended").GetAttribute("data-ended")));
        Assert.Equal(
            [DryRunVerdicts.Right, DryRunVerdicts.Wrong, DryRunVerdicts.Right],
            Simulations.Requests[^1].Answers.Select(answer => answer.Verdict));
        Assert.Equal(["usernamePassword.check", "otp.check", "otp.check"], Simulations.Requests[^1].Answers.Select(answer => answer.Action));
        Assert.Equal("pwd otp mfa", cut.Find(".dry-run-amr").TextContent);
        Assert.Contains("count it against", cut.Find(".dry-run-effect").TextContent);
        Assert.Empty(cut.FindAll(".dry-run-prompt"));
    }

    [Fact]
    public void Clicking_a_step_lights_the_path_up_to_it_and_shows_the_state_of_its_answer()
    {
        var cut = RenderPanel();
        Start(cut);
        cut.Find(".dry-run-right").Click();

        cut.FindAll(".dry-run-step")[1].Click();

        Assert.Equal(2, _paths[^1].Upto);
        Assert.Contains("selected", cut.FindAll(".dry-run-step")[1].ClassName);
        Assert.Contains("after answer 1", cut.Markup);
        Assert.NotEmpty(cut.FindAll(".dry-run-variable[data-name='otp.failedAttempts']"));
    }

    [Fact]
    public void Taking_back_an_answer_replays_the_others()
    {
        var cut = RenderPanel();
        Start(cut);
        cut.Find(".dry-run-right").Click();

        cut.Find(".dry-run-undo").Click();

        cut.WaitForAssertion(() => Assert.Empty(Simulations.Requests[^1].Answers));
        Assert.Equal("USERNAME_PASSWORD_REQUIRED", cut.Find(".dry-run-prompt-status").TextContent);
    }

    [Fact]
    public void A_refused_run_shows_why_and_keeps_no_answer()
    {
        var cut = RenderPanel();
        Start(cut);
        Simulations.Refusal = "The flow waits on OTP_REQUIRED, which accepts otp.check.";

        cut.Find(".dry-run-right").Click();

        Assert.Contains("accepts otp.check", cut.Find(".dry-run-problem").TextContent);
        Simulations.Refusal = null;
        cut.Find(".dry-run-undo").GetAttribute("disabled");
        Assert.NotNull(cut.Find(".dry-run-undo").GetAttribute("disabled"));
    }

    [Fact]
    public void Closing_clears_the_path_on_the_canvas()
    {
        var closed = false;
        var cut = Render<DryRunPanel>(ps => ps
            .Add(p => p.EnvironmentId, "demo")
            .Add(p => p.Definition, ShippedFlow("password-then-otp"))
            .Add(p => p.OnPath, path => _paths.Add(path))
            .Add(p => p.OnClose, () => closed = true));
        Start(cut);

        cut.Find(".dry-run-close").Click();

        Assert.True(closed);
        Assert.Null(_paths[^1].Run);
    }
}
