using Bunit;
using Flows.Designer.Components;
using Flows.Designer.Services;
using Flows.Designer.Tests.Support;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Flows.Designer.Tests;

public sealed class OutboundSettingsEditorTests : DesignerTestContext
{
    private IRenderedComponent<IComponent> RenderEditor(string environmentId = "demo") => Render(builder =>
    {
        builder.OpenComponent<MudDialogProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<OutboundSettingsEditor>(1);
        builder.AddAttribute(2, nameof(OutboundSettingsEditor.EnvironmentId), environmentId);
        builder.CloseComponent();
    });

    [Fact]
    public void Allowed_hosts_and_private_addresses_are_saved_one_a_line()
    {
        var cut = RenderEditor();

        cut.WaitForElement("[data-field=allowedHosts] textarea").Change("risk.test\n*.partner.test\n");
        cut.Find("[data-field=allowedPrivateAddresses] textarea").Change("10.0.0.0/8\n\n127.0.0.1");
        cut.Find(".save-outbound").Click();

        cut.WaitForAssertion(() => Assert.Equal(["risk.test", "*.partner.test"], Outbound.Settings.AllowedHosts));
        Assert.Equal(["10.0.0.0/8", "127.0.0.1"], Outbound.Settings.AllowedPrivateAddresses);
    }

    [Fact]
    public void A_refused_change_shows_why_and_changes_nothing()
    {
        var cut = RenderEditor();

        cut.WaitForElement("[data-field=allowedHosts] textarea").Change("https://risk.test/check");
        cut.Find(".save-outbound").Click();

        cut.WaitForAssertion(() => Assert.Contains("not a URL", cut.Find(".form-problem").TextContent));
        Assert.Equal(["risk.test"], Outbound.Settings.AllowedHosts);
    }

    [Fact]
    public void A_generated_secret_is_shown_once_and_gone_when_the_page_shows_the_settings_again()
    {
        var cut = RenderEditor();
        Assert.Contains("No secret", cut.WaitForElement(".secret-state").TextContent);

        cut.Find(".generate-secret").Click();

        cut.WaitForAssertion(() => Assert.Equal("generated-secret-1", cut.Find(".new-secret input").GetAttribute("value")));
        Assert.Contains("A secret exists", cut.Find(".secret-state").TextContent);
        var again = RenderEditor("admin");
        again.WaitForElement(".secret-state");
        Assert.Empty(again.FindAll(".new-secret"));
        Assert.DoesNotContain("generated-secret-1", again.Markup);
    }

    [Fact]
    public void Replacing_an_existing_secret_asks_first_and_a_cancel_keeps_it()
    {
        Outbound.Settings = Outbound.Settings with { HasSecret = true, SecretCreatedAt = DateTimeOffset.UtcNow };
        var cut = RenderEditor();

        cut.WaitForElement(".generate-secret").Click();
        cut.WaitForAssertion(() => cut.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel").Click());

        Assert.Equal(0, Outbound.SecretsGenerated);
        Assert.Empty(cut.FindAll(".new-secret"));
    }

    [Fact]
    public void A_read_only_administrator_can_neither_change_the_settings_nor_generate_a_secret()
    {
        Authorization.SetPolicies(DesignerPolicies.Read);
        var cut = RenderEditor();

        Assert.True(cut.WaitForElement(".save-outbound").HasAttribute("disabled"));
        Assert.True(cut.Find(".generate-secret").HasAttribute("disabled"));
        Assert.True(cut.Find("[data-field=allowedHosts] textarea").HasAttribute("disabled"));
    }
}
