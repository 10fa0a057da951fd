using Bunit;
using Flows.Designer.Components;
using Flows.Designer.Services;
using Flows.Designer.Tests.Support;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Flows.Designer.Tests;

public sealed class IdentityProviderListTests : DesignerTestContext
{
    private IRenderedComponent<IComponent> RenderList() => Render(builder =>
    {
        builder.OpenComponent<MudDialogProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<IdentityProviderList>(1);
        builder.AddAttribute(2, nameof(IdentityProviderList.EnvironmentId), "demo");
        builder.CloseComponent();
    });

    private static void Type(IRenderedComponent<IComponent> cut, string field, string value) =>
        cut.Find($".identity-provider-form [data-field={field}] {(field is "scopes" or "domains" or "claims" ? "textarea" : "input")}").Change(value);

    [Fact]
    public void Each_provider_shows_the_callback_to_register_and_whether_a_secret_is_stored_never_the_secret()
    {
        var cut = RenderList();

        var rows = cut.WaitForElements(".identity-provider-table tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Equal(["/demo/idp/corporate/callback", "/demo/idp/partner/callback"], cut.FindAll(".callback-path").Select(c => c.TextContent));
        Assert.Contains("stored", rows[0].TextContent);
        Assert.Contains("none", rows[1].TextContent);
    }

    [Fact]
    public void A_new_provider_is_saved_with_its_lists_and_claims_one_a_line_and_appears_in_the_list()
    {
        var cut = RenderList();

        cut.WaitForElement(".add-provider").Click();
        Type(cut, "id", "social");
        Type(cut, "name", "Social");
        Type(cut, "issuer", "https://accounts.social.test");
        Type(cut, "clientId", "flows-social");
        Type(cut, "clientSecret", "typed-secret");
        Type(cut, "scopes", "profile\n\nemail ");
        Type(cut, "domains", "social.test");
        Type(cut, "claims", "username = nickname\nemail=mail");
        cut.Find(".save-provider").Click();

        cut.WaitForAssertion(() => Assert.Single(IdentityProviders.Saved));
        var (change, creating) = IdentityProviders.Saved.Single();
        Assert.True(creating);
        Assert.Equal(("social", "Social", "https://accounts.social.test", "flows-social", "typed-secret"),
            (change.Id, change.Name, change.Issuer, change.ClientId, change.ClientSecret));
        Assert.Equal(["profile", "email"], change.Scopes);
        Assert.Equal(["social.test"], change.Domains);
        Assert.Equal(new Dictionary<string, string> { ["username"] = "nickname", ["email"] = "mail" }, change.Claims);
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll(".identity-provider-table tbody tr").Count));
        Assert.Empty(cut.FindAll(".identity-provider-form"));
    }

    [Fact]
    public void Editing_a_provider_without_typing_a_secret_keeps_the_stored_one_and_its_id()
    {
        var cut = RenderList();

        cut.WaitForElements(".edit-provider")[0].Click();
        Assert.True(cut.Find(".identity-provider-form [data-field=id] input").HasAttribute("readonly"));
        Assert.Contains("leave empty to keep it", cut.Find(".identity-provider-form [data-field=clientSecret]").TextContent);
        Assert.Equal("", cut.Find(".identity-provider-form [data-field=clientSecret] input").GetAttribute("value") ?? "");
        Type(cut, "name", "Corporate directory");
        cut.Find(".save-provider").Click();

        cut.WaitForAssertion(() => Assert.Single(IdentityProviders.Saved));
        var (change, creating) = IdentityProviders.Saved.Single();
        Assert.False(creating);
        Assert.Equal(("corporate", "Corporate directory", null), (change.Id, change.Name, change.ClientSecret));
        Assert.Equal(new Dictionary<string, string> { ["username"] = "upn" }, change.Claims);
        Assert.Equal(["corp.test"], change.Domains);
    }

    [Fact]
    public void A_refused_save_shows_why_and_keeps_what_was_typed()
    {
        IdentityProviders.Refusal = "Invalid data: An absolute https URL without query or fragment (http only on localhost).";
        var cut = RenderList();

        cut.WaitForElement(".add-provider").Click();
        Type(cut, "id", "broken");
        Type(cut, "issuer", "ftp://nowhere");
        cut.Find(".save-provider").Click();

        cut.WaitForAssertion(() => Assert.Contains("absolute https URL", cut.Find(".identity-provider-form .form-problem").TextContent));
        Assert.Equal("ftp://nowhere", cut.Find(".identity-provider-form [data-field=issuer] input").GetAttribute("value"));
        Assert.Empty(IdentityProviders.Saved);
    }

    [Fact]
    public void Deleting_asks_first_and_only_a_confirmed_delete_deletes()
    {
        var cut = RenderList();

        cut.WaitForElements(".delete-provider")[1].Click();
        cut.WaitForAssertion(() => cut.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel").Click());
        Assert.Empty(IdentityProviders.Deleted);
        cut.WaitForElements(".delete-provider")[1].Click();
        cut.WaitForAssertion(() => cut.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Delete").Click());

        cut.WaitForAssertion(() => Assert.Equal(["partner"], IdentityProviders.Deleted));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll(".identity-provider-table tbody tr")));
    }

    [Fact]
    public void A_read_only_administrator_sees_the_providers_but_can_add_edit_or_delete_none()
    {
        Authorization.SetPolicies(DesignerPolicies.Read);
        var cut = RenderList();

        cut.WaitForElements(".identity-provider-table tbody tr");
        Assert.True(cut.Find(".add-provider").HasAttribute("disabled"));
        Assert.All(cut.FindAll(".edit-provider, .delete-provider"), button => Assert.True(button.HasAttribute("disabled")));
    }
}
