using System.Text.Json;
using Flows.AuthServer.RateLimiting;
using Flows.AuthServer.Sessions;
using Flows.Engine.Activities;
using Flows.Engine.Runtime;

namespace Flows.AuthServer.Flows;

/// <summary>
/// <c>GET/POST /{env}/flows/{flowId}</c>: the flow orchestration API. A POST runs one action, named by its
/// vendor content type, and answers with the flow in its next status.
/// </summary>
public static class FlowApiEndpoints
{
    private const int MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapFlowApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/{env}/flows/{flowId}", GetAsync);
        endpoints.MapPost("/{env}/flows/{flowId}", PostAsync).RequireRateLimiting(RateLimitPolicies.FlowActionsPerAddress);
        return endpoints;
    }

    private static Task<IResult> GetAsync(string env, string flowId, HttpContext http, SignOnFlows flows) =>
        AnswerAsync(http, async () => await flows.FindAsync(env, flowId, SessionCookie.Read(http), http.RequestAborted));

    private static async Task<IResult> PostAsync(string env, string flowId, HttpContext http, SignOnFlows flows)
    {
        var action = FlowMediaTypes.ActionOf(http.Request.ContentType);
        if (action is null)
        {
            // No action named: answer with the ones the flow's current step accepts.
            return await AnswerAsync(http, async () =>
            {
                var flow = await flows.FindAsync(env, flowId, SessionCookie.Read(http), http.RequestAborted);
                throw new FlowActionNotAllowedException("", flow.Prompt?.Actions ?? []);
            });
        }

        var body = await ReadBodyAsync(http.Request);
        if (body is null)
        {
            return FlowApiProblems.InvalidBody();
        }

        return await AnswerAsync(http, async () =>
        {
            var result = await flows.ActAsync(env, flowId, SessionCookie.Read(http), new FlowAction(action, body.Value), http.RequestAborted,
                RateLimitKeys.Address(http));
            SessionCookie.Write(http, env, result.Renewed);
            return result.Flow;
        });
    }

    private static async Task<IResult> AnswerAsync(HttpContext http, Func<Task<Engine.Instances.FlowInstance>> call)
    {
        try
        {
            var instance = await call();

            // A step may show a new authenticator key: no cache may keep a flow (RFC 9111 §5.2.2.5).
            http.Response.Headers.CacheControl = "no-store";
            return Results.Json(FlowResource.Of(instance, http.Request), contentType: FlowMediaTypes.Resource);
        }
        catch (FlowException exception)
        {
            // Unknown exceptions go on to the app's handler, which answers UNEXPECTED_ERROR in this shape too.
            return FlowApiProblems.For(exception, http);
        }
    }

    /// <summary>The body as a JSON object, or null when it is too large or not a JSON object.</summary>
    private static async Task<JsonElement?> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray());
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
