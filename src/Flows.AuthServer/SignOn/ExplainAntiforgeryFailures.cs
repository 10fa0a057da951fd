using Flows.AuthServer.Environments;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Flows.AuthServer.SignOn;

/// <summary>
/// Replaces the empty 400 of a failed antiforgery check on a hosted page with a page that says what to do;
/// the usual cause is a form left open while its antiforgery cookie was cleared.
/// </summary>
public sealed class ExplainAntiforgeryFailures : IAlwaysRunResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is not IAntiforgeryValidationFailedResult)
        {
            return;
        }

        var environment = context.HttpContext.RequestServices.GetRequiredService<EnvironmentContext>().Current;
        context.Result = new MessagePageResult(MessagePage.Render(environment?.Name ?? "", SignOnProblems.FormExpired));
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }

    private sealed class MessagePageResult(IResult page) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => page.ExecuteAsync(context.HttpContext);
    }
}
