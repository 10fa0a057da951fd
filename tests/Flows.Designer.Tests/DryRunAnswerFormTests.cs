using System.Text.Json.Nodes;
using Bunit;
using Flows.Designer.DryRun;
using Flows.Designer.Services;
using Flows.Designer.Tests.Support;

namespace Flows.Designer.Tests;

/// <summary>The answer form of a dry run: fields per known action, right/wrong for credentials, JSON for the others.</summary>
public sealed class DryRunAnswerFormTests : DesignerTestContext
{
    private readonly List<DryRunAnswer> _answers = [];

    private IRenderedComponent<DryRunAnswerForm> RenderForm(params string[] actions) => Render<DryRunAnswerForm>(ps => ps
        .Add(p => p.Prompt, new DryRunPrompt("SOME_STATUS", actions, null, new DryRunError("INVALID_OTP", "The code is incorrect.")))
        .Add(p => p.Username, "ada")
        .Add(p => p.OnAnswer, answer => _answers.Add(answer)));

    [Fact]
    public void A_code_is_answered_right_without_typing_it_or_sent_as_typed()
    {
        var cut = RenderForm("otp.check");

        cut.Find(".dry-run-right").Click();
        cut.Find(".dry-run-field-otp input").Change("123456");
        cut.Find(".dry-run-send").Click();

        Assert.Equal(("otp.check", DryRunVerdicts.Right), (_answers[0].Action, _answers[0].Verdict));
        Assert.Equal((null, "123456"), (_answers[1].Verdict, _answers[1].Body["otp"]!.GetValue<string>()));
        Assert.Contains("INVALID_OTP", cut.Find(".dry-run-prompt-error").TextContent);
    }

    [Fact]
    public void The_username_is_filled_in_and_the_password_is_hidden()
    {
        var cut = RenderForm("usernamePassword.check");

        Assert.Equal("ada", cut.Find(".dry-run-field-username input").GetAttribute("value"));
        Assert.Equal("password", cut.Find(".dry-run-field-password input").GetAttribute("type"));
        cut.Find(".dry-run-wrong").Click();
        Assert.Equal(("ada", DryRunVerdicts.Wrong), (_answers[0].Body["username"]!.GetValue<string>(), _answers[0].Verdict));
    }

    [Fact]
    public void An_action_without_a_form_takes_its_json_body_and_refuses_what_is_not_an_object()
    {
        var cut = RenderForm("user.consent");

        cut.Find(".dry-run-body textarea").Change("[1, 2]");
        cut.Find(".dry-run-send").Click();
        Assert.Empty(_answers);
        Assert.Contains("JSON object", cut.Find(".dry-run-answer-problem").TextContent);

        cut.Find(".dry-run-body textarea").Change("{\"accept\": true}");
        cut.Find(".dry-run-send").Click();

        Assert.True(JsonNode.DeepEquals(new JsonObject { ["accept"] = true }, Assert.Single(_answers).Body));
    }
}
