using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using Flows.AuthServer.Failures;
using Flows.AuthServer.Flows;
using Flows.AuthServer.Hosting;
using Flows.AuthServer.Management;
using Flows.AuthServer.SignOn;
using Flows.Engine.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Failures;

/// <summary>Every entry of the error catalog, rendered by each surface's renderer, and the mapping of exceptions to entries.</summary>
public sealed class ErrorCatalogTests
{
    /// <summary>Each entry by its place in the catalog (some share a code and title, never a place).</summary>
    public static TheoryData<int> Entries() => new(Enumerable.Range(0, ErrorCatalog.All.Count));

    [Theory]
    [MemberData(nameof(Entries))]
    public async Task Each_entry_renders_as_problem_json_with_its_code_status_and_title(int index)
    {
        var entry = ErrorCatalog.All[index];

        var (status, contentType, body) = await RenderAsync(ProblemJson.Render(entry));

        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal((entry.Status, ProblemJson.ContentType), (status, contentType));
        Assert.Equal((entry.Code, entry.Status, entry.Title, entry.Detail),
            (problem["code"]!.GetValue<string>(), problem["status"]!.GetValue<int>(), problem["title"]!.GetValue<string>(), problem["detail"]!.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public async Task Each_entry_renders_as_a_page_with_its_status_title_and_text(int index)
    {
        var entry = ErrorCatalog.All[index];

        var (status, contentType, html) = await RenderAsync(MessagePage.Render("Test", HostedPageProblem.Of(entry)));

        Assert.Equal((entry.Page.Status, "text/html"), (status, contentType));
        Assert.Contains($"<h1>{HtmlEncoder.Default.Encode(entry.Page.Title)}</h1>", html);
        Assert.Contains(HtmlEncoder.Default.Encode(entry.Page.Text), html);
    }

    [Fact]
    public async Task Management_problems_render_the_catalog_entries()
    {
        var (status, _, body) = await RenderAsync(ManagementProblems.Missing("Flow 'x'"));

        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(ErrorCatalog.ResourceNotFound.Status, status);
        Assert.Equal((ErrorCatalog.ResourceNotFound.Code, ErrorCatalog.ResourceNotFound.Title, "Flow 'x' does not exist."),
            (problem["code"]!.GetValue<string>(), problem["title"]!.GetValue<string>(), problem["detail"]!.GetValue<string>()));
    }

    [Fact]
    public void Each_exception_of_the_flow_service_has_its_own_entry_and_any_other_is_the_unexpected_error()
    {
        var entries = new Exception[]
        {
            new FlowNotFoundException("f"), new FlowExpiredException("f"), new FlowAccessDeniedException("f"), new FlowConflictException("f"),
            new FlowNotResumableException("f", "Completed"), new FlowActionNotAllowedException("a", []), new FlowStepFaultedException("f", "n", new InvalidOperationException()),
            new FlowRateLimitedException("f", TimeSpan.FromMinutes(1)),
        }.Select(ErrorCatalog.For).ToList();

        Assert.Equal(entries.Count, entries.Distinct().Count());
        Assert.DoesNotContain(ErrorCatalog.Unexpected, entries);
        Assert.Same(ErrorCatalog.Unexpected, ErrorCatalog.For(new InvalidOperationException("boom")));
        Assert.Same(ErrorCatalog.Unexpected, ErrorCatalog.For(new FlowDefinitionNotFoundException("d", null)));
    }

    [Fact]
    public void Entries_that_share_a_code_share_its_status()
    {
        foreach (var group in ErrorCatalog.All.GroupBy(entry => entry.Code))
        {
            Assert.Single(group.Select(entry => entry.Status).Distinct());
        }
    }

    [Theory]
    [InlineData("/v1/environments", ProblemJson.ContentType)]
    [InlineData("/test/flows/abc", ProblemJson.ContentType)]
    [InlineData("/test/as/token", "application/json")]
    [InlineData("/test/as/introspect", "application/json")]
    [InlineData("/test/as/revoke", "application/json")]
    [InlineData("/test/as/userinfo", "application/json")]
    [InlineData("/test/signon", "text/html")]
    [InlineData("/test/as/authorize", "text/html")]
    public async Task The_unexpected_error_takes_the_shape_of_the_surface(string path, string contentType)
    {
        var http = NewContext();
        http.Request.Path = path;

        var (status, actualType, body) = await RenderAsync(RenderUnexpectedErrors.RenderFor(http, "trace-1"), http);

        Assert.Equal((500, contentType), (status, actualType));
        Assert.Contains("trace-1", body);
        if (contentType == "application/json")
        {
            Assert.Equal("server_error", JsonNode.Parse(body)!["error"]!.GetValue<string>());
        }
        else if (contentType == ProblemJson.ContentType)
        {
            Assert.Equal(ErrorCodes.UnexpectedError, JsonNode.Parse(body)!["code"]!.GetValue<string>());
        }
    }

    private static DefaultHttpContext NewContext() => new()
    {
        RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider(),
        Response = { Body = new MemoryStream() },
    };

    private static async Task<(int Status, string? ContentType, string Body)> RenderAsync(IResult result, DefaultHttpContext? http = null)
    {
        http ??= NewContext();
        await result.ExecuteAsync(http);
        http.Response.Body.Position = 0;
        var body = await new StreamReader(http.Response.Body).ReadToEndAsync();
        return (http.Response.StatusCode, http.Response.ContentType?.Split(';')[0], body);
    }
}
