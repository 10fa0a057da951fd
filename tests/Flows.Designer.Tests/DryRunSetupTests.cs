using Bunit;
using Flows.Designer.DryRun;
using Flows.Designer.Tests.Support;

namespace Flows.Designer.Tests;

/// <summary>The setup of a dry run: a described user from the form's values, a real user by id, and mocks as JSON.</summary>
public sealed class DryRunSetupTests : DesignerTestContext
{
    private readonly List<DryRunSetupChoice> _started = [];

    private IRenderedComponent<DryRunSetup> RenderSetup() =>
        Render<DryRunSetup>(ps => ps.Add(p => p.OnStart, choice => _started.Add(choice)));

    [Fact]
    public void A_described_user_has_the_groups_attributes_and_factors_typed()
    {
        var cut = RenderSetup();
        cut.Find(".dry-run-username input").Change("bob");
        cut.Find(".dry-run-groups input").Change("staff, admins");
        cut.Find(".dry-run-attributes textarea").Change("department=sales\ncountry = fr");
        cut.Find(".dry-run-device-email input").Change(true);
        cut.Find(".dry-run-mocks textarea").Change("{\"https://risk.example.com\": {\"outcome\": \"answered\", \"body\": {\"outcome\": \"allow\"}}}");

        cut.Find(".dry-run-start").Click();

        var user = Assert.Single(_started).User;
        Assert.Equal(("bob", null), (user.Username, user.Id));
        Assert.Equal(["staff", "admins"], user.Groups!);
        Assert.Equal(new Dictionary<string, string> { ["department"] = "sales", ["country"] = "fr" }, user.Attributes!);
        Assert.Equal(["email"], user.Devices!);
        Assert.Equal("answered", _started[0].Mocks["https://risk.example.com"].Outcome);
    }

    [Fact]
    public void A_real_user_needs_an_id_and_is_sent_alone()
    {
        var cut = RenderSetup();
        cut.Find(".real-user input").Click();

        cut.Find(".dry-run-start").Click();
        Assert.Empty(_started);
        Assert.NotEmpty(cut.FindAll(".dry-run-setup-problem"));

        cut.Find(".dry-run-user-id input").Change("u-42");
        cut.Find(".dry-run-start").Click();

        Assert.Equal(("u-42", null), (Assert.Single(_started).User.Id, _started[0].User.Username));
    }

    [Fact]
    public void Mocks_that_are_not_json_are_refused()
    {
        var cut = RenderSetup();
        cut.Find(".dry-run-mocks textarea").Change("not json");

        cut.Find(".dry-run-start").Click();

        Assert.Empty(_started);
        Assert.Contains("JSON", cut.Find(".dry-run-setup-problem").TextContent);
    }
}
