using Bunit;
using Flows.Designer.Components;
using Flows.Designer.Tests.Support;

namespace Flows.Designer.Tests;

public sealed class EmailSettingsEditorTests : DesignerTestContext
{
    [Fact]
    public void The_settings_are_shown_with_whether_a_password_is_stored_and_never_the_password()
    {
        var cut = Render<EmailSettingsEditor>(parameters => parameters.Add(editor => editor.EnvironmentId, "demo"));

        Assert.Equal("smtp.example.test", cut.WaitForElement("[data-field=host] input").GetAttribute("value"));
        Assert.Contains("A password is stored", cut.Find("[data-field=password]").TextContent);
        Assert.True(string.IsNullOrEmpty(cut.Find("[data-field=password] input").GetAttribute("value")));
    }

    [Fact]
    public void Saving_without_typing_a_password_keeps_the_stored_one_and_a_typed_one_replaces_it()
    {
        var cut = Render<EmailSettingsEditor>(parameters => parameters.Add(editor => editor.EnvironmentId, "demo"));

        cut.WaitForElement("[data-field=host] input").Change("mail.example.test");
        cut.Find(".save-email").Click();
        cut.WaitForAssertion(() => Assert.Single(Email.Saved));
        cut.Find("[data-field=password] input").Change("new-smtp-password");
        cut.Find(".save-email").Click();

        cut.WaitForAssertion(() => Assert.Equal(2, Email.Saved.Count));
        Assert.Equal(("mail.example.test", (string?)null), (Email.Saved[0].Host, Email.Saved[0].Password));
        Assert.Equal("new-smtp-password", Email.Saved[1].Password);
        Assert.DoesNotContain("new-smtp-password", cut.Markup);
    }

    [Fact]
    public void A_refused_change_shows_why()
    {
        var cut = Render<EmailSettingsEditor>(parameters => parameters.Add(editor => editor.EnvironmentId, "demo"));

        cut.WaitForElement("[data-field=host] input").Change("");
        cut.Find(".save-email").Click();

        cut.WaitForAssertion(() => Assert.Contains("host is required", cut.Find(".form-problem").TextContent));
        Assert.Empty(Email.Saved);
    }

    [Fact]
    public void An_environment_without_settings_starts_with_the_security_the_server_puts_first()
    {
        Email.Settings = null;
        Email.Securities = [new("SslOnConnect", "TLS on connect"), new("None", "None")];
        var cut = Render<EmailSettingsEditor>(parameters => parameters.Add(editor => editor.EnvironmentId, "demo"));

        cut.WaitForElement("[data-field=host] input").Change("smtp.new.test");
        cut.Find(".save-email").Click();

        cut.WaitForAssertion(() => Assert.Equal("SslOnConnect", Assert.Single(Email.Saved).Security));
    }
}
