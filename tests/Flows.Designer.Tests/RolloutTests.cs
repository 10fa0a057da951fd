using Bunit;
using Flows.Designer.Components;
using Flows.Designer.Services;
using Flows.Designer.Tests.Support;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Flows.Designer.Tests;

/// <summary>Rolling a version out to a share of new sign-ins from the designer: at publish, from the versions, and promoting or stopping it in the list.</summary>
public sealed class RolloutTests : DesignerTestContext
{
    private IRenderedComponent<IComponent> RenderWithDialogs<TComponent>(params (string Name, object Value)[] attributes) where TComponent : IComponent =>
        Render(builder =>
        {
            builder.OpenComponent<MudDialogProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<TComponent>(1);
            var sequence = 2;
            foreach (var (name, value) in attributes)
            {
                builder.AddAttribute(sequence++, name, value);
            }

            builder.CloseComponent();
        });

    [Fact]
    public void Publishing_to_a_share_publishes_with_the_share_chosen()
    {
        Flows.Drafts["username-password"] = ShippedFlow("username-password");
        var cut = RenderWithDialogs<FlowEditorView>((nameof(FlowEditorView.EnvironmentId), "demo"), (nameof(FlowEditorView.FlowId), "username-password"));

        cut.WaitForElement(".publish-button").Click();
        cut.WaitForElement(".publish-to-share input").Change(true);
        cut.WaitForElement(".publish-percent input").Change("15");
        cut.Find(".publish-confirm").Click();

        cut.WaitForAssertion(() => Assert.Contains("published username-password to 15 %", Flows.Calls));
        Assert.Single(Flows.Published);
    }

    [Fact]
    public void A_flow_never_published_offers_no_share_at_publish()
    {
        Flows.Drafts["brand-new"] = ShippedFlow("username-password");
        Flows.NeverPublished.Add("brand-new");
        var cut = RenderWithDialogs<FlowEditorView>((nameof(FlowEditorView.EnvironmentId), "demo"), (nameof(FlowEditorView.FlowId), "brand-new"));

        cut.WaitForElement(".publish-button").Click();
        cut.WaitForElement(".publish-confirm");

        Assert.Empty(cut.FindAll(".publish-to-share"));
    }

    [Fact]
    public void The_list_shows_a_rollout_and_promotes_it_once_confirmed()
    {
        Flows.Versions["checkout"] = [ShippedFlow("username-password"), ShippedFlow("username-password")];
        Flows.Rollouts["checkout"] = new DesignerFlowRollout(2, 10);
        var cut = RenderWithDialogs<FlowList>((nameof(FlowList.EnvironmentId), "demo"));

        Assert.Equal("v2 to 10 %", cut.WaitForElement(".flow-rollout").TextContent.Trim());
        cut.Find(".promote-rollout-button").Click();
        cut.WaitForAssertion(() => cut.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Promote").Click());

        cut.WaitForAssertion(() => Assert.Equal(["rollout promoted checkout if etag-of-checkout"], Flows.Calls));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".flow-rollout")));
    }

    [Fact]
    public void Stopping_a_rollout_cancelled_changes_nothing()
    {
        Flows.Versions["checkout"] = [ShippedFlow("username-password"), ShippedFlow("username-password")];
        Flows.Rollouts["checkout"] = new DesignerFlowRollout(2, 10);
        var cut = RenderWithDialogs<FlowList>((nameof(FlowList.EnvironmentId), "demo"));

        cut.WaitForElement(".stop-rollout-button").Click();
        cut.WaitForAssertion(() => cut.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel").Click());

        Assert.Empty(Flows.Calls);
        Assert.NotEmpty(cut.FindAll(".flow-rollout"));
    }

    [Fact]
    public void A_version_is_rolled_out_from_the_versions_with_the_share_typed()
    {
        Flows.Versions["checkout"] = [ShippedFlow("username-password"), ShippedFlow("username-password")];
        Flows.Drafts["checkout"] = ShippedFlow("username-password");
        Flows.Unchanged.Add("checkout");
        var cut = RenderWithDialogs<VersionsDialogHost>();

        cut.WaitForElement("[data-version='1'] .rollout-button").Click();
        cut.WaitForElement(".rollout-percent input").Change("25");
        cut.Find(".rollout-confirm").Click();

        cut.WaitForAssertion(() => Assert.Equal(["rollout checkout v1 25 % if etag-of-checkout"], Flows.Calls));
    }

    /// <summary>Opens the versions dialog of <c>checkout</c> as the flow list does.</summary>
    private sealed class VersionsDialogHost : ComponentBase
    {
        [Inject]
        private IDialogService Dialogs { get; set; } = null!;

        protected override Task OnAfterRenderAsync(bool firstRender) => firstRender
            ? Dialogs.ShowAsync<VersionsDialog>("Versions", new DialogParameters<VersionsDialog>
            {
                { d => d.EnvironmentId, "demo" },
                { d => d.FlowId, "checkout" },
                { d => d.FlowETag, "etag-of-checkout" },
            })
            : Task.CompletedTask;
    }
}
