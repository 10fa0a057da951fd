using Bunit;
using Flows.Designer.Components;
using Flows.Designer.Services;
using Flows.Designer.Tests.Support;

namespace Flows.Designer.Tests;

/// <summary>The read-only list of an environment's agreements: the id a step names, the current version and the languages.</summary>
public sealed class AgreementListTests : DesignerTestContext
{
    [Fact]
    public void Each_agreement_shows_its_id_current_version_and_languages_with_the_default_marked()
    {
        Agreements.Items.Add(new DesignerAgreement("terms", "Terms of use", "en", 3, ["de", "en"]));

        var cut = Render<AgreementList>(parameters => parameters.Add(list => list.EnvironmentId, "demo"));

        cut.WaitForAssertion(() =>
        {
            var cells = cut.FindAll(".agreement-table td").Select(cell => cell.TextContent.Trim()).ToList();
            Assert.Equal(["Terms of use", "terms", "3", "de, en (default)"], cells);
        });
    }

    [Fact]
    public void An_environment_without_agreements_says_where_to_add_them()
    {
        var cut = Render<AgreementList>(parameters => parameters.Add(list => list.EnvironmentId, "demo"));

        cut.WaitForAssertion(() => Assert.Contains("/agreements", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("button"));
    }
}
