using System.Text.Json.Nodes;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Designer.Adapters;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Failures;
using Flows.AuthServer.Management;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Failures;

/// <summary>A service's refusal, rendered by <c>/v1</c> and by the designer from the same error catalog entry.</summary>
public sealed class ServiceErrorRenderingTests
{
    public static TheoryData<string> Cases() => new("missing", "taken", "conflict");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_refusal_that_names_its_case_answers_v1_with_its_entry_and_shows_the_designer_the_same_sentence(string name)
    {
        var error = name switch
        {
            "missing" => ServiceError.Missing("Flow 'x' in environment 'y'"),
            "taken" => ServiceError.Taken("Environment 'x'"),
            _ => ServiceError.InConflict("Flow 'x' is used by the applications 'a'; bind them to another flow first."),
        };

        var (status, problem) = await RenderAsync(ManagementProblems.Of(error));

        Assert.Equal((error.Entry.Status, error.Entry.Code, error.Entry.Title), (status, problem["code"]!.GetValue<string>(), problem["title"]!.GetValue<string>()));
        Assert.Equal(error.Detail, problem["detail"]!.GetValue<string>());
        Assert.Equal(error.Detail, DesignerMessages.Of(error));
    }

    [Fact]
    public async Task A_stale_write_answers_v1_with_the_catalogs_detail_and_shows_the_designer_its_words_for_people()
    {
        var (status, problem) = await RenderAsync(ManagementProblems.Of(ServiceError.Stale()));

        Assert.Equal((412, ErrorCatalog.Stale.Detail), (status, problem["detail"]!.GetValue<string>()));
        Assert.Equal(ErrorCatalog.Stale.Page.Text, DesignerMessages.Of(ServiceError.Stale()));
    }

    [Fact]
    public async Task Invalid_values_answer_v1_per_field_and_show_the_designer_each_problem_under_the_entrys_title()
    {
        var error = ServiceError.Invalid([new FieldProblem("flow", "flow 'x' is not a known flow"), new FieldProblem("name", "name must not be empty")]);

        var (status, problem) = await RenderAsync(ManagementProblems.Of(error));

        Assert.Equal((400, ErrorCodes.InvalidData), (status, problem["code"]!.GetValue<string>()));
        Assert.Equal(["flow", "name"], problem["errors"]!.AsObject().Select(field => field.Key));
        Assert.Equal($"{ErrorCatalog.Invalid.Page.Title}: flow 'x' is not a known flow; name must not be empty.", DesignerMessages.Of(error));
    }

    private static async Task<(int Status, JsonObject Problem)> RenderAsync(IResult result)
    {
        var http = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider(),
            Response = { Body = new MemoryStream() },
        };
        await result.ExecuteAsync(http);
        http.Response.Body.Position = 0;
        return (http.Response.StatusCode, JsonNode.Parse(await new StreamReader(http.Response.Body).ReadToEndAsync())!.AsObject());
    }
}
