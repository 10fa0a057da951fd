using Bunit;
using Flows.Designer.Instances;
using Flows.Designer.Tests.Support;
using Flows.Engine.Instances;
using static Flows.Designer.Tests.Support.FakeDesignerInstances;

namespace Flows.Designer.Tests;

public sealed class InstanceListTests : DesignerTestContext
{
    private IRenderedComponent<InstanceList> RenderList(int pageSize = 2) =>
        Render<InstanceList>(ps => ps.Add(p => p.EnvironmentId, "demo").Add(p => p.PageSize, pageSize));

    [Fact]
    public void The_console_opens_on_suspended_instances_of_the_environment()
    {
        Instances.All.AddRange([Instance("a"), Instance("b", FlowInstanceStatus.Completed), Instance("c")]);

        var cut = RenderList(pageSize: 10);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tr.instance-row").Count));
        var (filter, cursor, _) = Instances.Queries[^1];
        Assert.Equal(FlowInstanceStatus.Suspended, filter.Status);
        Assert.Equal("demo", filter.EnvironmentId);
        Assert.Null(cursor);
        Assert.Contains("password (USERNAME_PASSWORD_REQUIRED)", cut.Find("tr.instance-row").TextContent);
    }

    [Fact]
    public void Next_asks_the_server_for_the_page_after_the_cursor_and_previous_goes_back()
    {
        Instances.All.AddRange(Enumerable.Range(1, 5).Select(i => Instance($"i{i}")));
        var cut = RenderList(pageSize: 2);
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tr.instance-row").Count));

        cut.Find(".next-page").Click();
        cut.WaitForAssertion(() => Assert.Contains("Page 2", cut.Find(".page-number").TextContent));
        Assert.Equal("2", Instances.Queries[^1].Cursor);
        cut.Find(".next-page").Click();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("tr.instance-row")));
        Assert.Equal("4", Instances.Queries[^1].Cursor);
        Assert.True(cut.Find(".next-page").HasAttribute("disabled"));

        cut.Find(".previous-page").Click();

        cut.WaitForAssertion(() => Assert.Contains("Page 2", cut.Find(".page-number").TextContent));
        Assert.Equal("2", Instances.Queries[^1].Cursor);
        Assert.Equal(2, cut.FindAll("tr.instance-row").Count);
    }

    [Fact]
    public void A_user_filter_goes_to_the_server_and_starts_again_at_the_first_page()
    {
        Instances.All.AddRange([Instance("a", user: "alice"), Instance("b", user: "bob"), Instance("c", user: "alice"), Instance("d", user: "alice")]);
        var cut = RenderList(pageSize: 2);
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tr.instance-row").Count));
        cut.Find(".next-page").Click();

        cut.Find(".filter-user input").Change("bob");

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("tr.instance-row")));
        var (filter, cursor, _) = Instances.Queries[^1];
        Assert.Equal("bob", filter.UserId);
        Assert.Null(cursor);
        Assert.Contains("Page 1", cut.Find(".page-number").TextContent);
    }

    [Fact]
    public void No_matching_instance_shows_an_empty_state()
    {
        var cut = RenderList();

        cut.WaitForAssertion(() => Assert.Contains("No flow instances match these filters.", cut.Markup));
        Assert.True(cut.Find(".next-page").HasAttribute("disabled"));
        Assert.True(cut.Find(".previous-page").HasAttribute("disabled"));
    }

    [Fact]
    public void Any_status_lists_instances_of_every_status()
    {
        Instances.All.AddRange([Instance("a"), Instance("b", FlowInstanceStatus.Completed)]);

        var cut = Render<InstanceList>(ps => ps.Add(p => p.EnvironmentId, "demo").Add(p => p.InitialStatus, null));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tr.instance-row").Count));
        Assert.Null(Instances.Queries[^1].Filter.Status);
    }
}
