using System.Text.Json;
using Flows.Activities;
using Flows.Activities.Outbound;
using Flows.AuthServer.Failures;
using Flows.AuthServer.Flows;
using Flows.AuthServer.RateLimiting;
using Flows.AuthServer.Requests;
using Flows.AuthServer.Sessions;
using Flows.Engine.Activities;
using Flows.Engine.Instances;
using Flows.Engine.Runtime;

namespace Flows.AuthServer.Outbound;

/// <summary>
/// <c>GET/POST /{env}/flows/{flowId}/continue</c>: where an outside application answers a flow that sent the user to it
/// (<c>RedirectToApplication</c>), with <c>token</c> (query, form field, or JSON member) signed by the environment's
/// secret. The answer must belong to this flow and this browser's session, name the nonce the flow waits for, be
/// unexpired and unused; otherwise a 4xx answers and the flow is unchanged. A browser (GET, form) is sent on to the
/// sign-on page; a JSON caller gets the flow.
/// </summary>
public static class ContinueEndpoint
{
    public const string TokenParameter = "token";

    private const int MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapContinueEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/{env}/flows/{flowId}/continue", [HttpMethods.Get, HttpMethods.Post], HandleAsync)
            .WithMetadata(new FormSizeLimitAttribute(MaxBodyBytes))
            .RequireRateLimiting(RateLimitPolicies.FlowActionsPerAddress);
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(
        string env, string flowId, HttpContext http, SignOnFlows flows, ContinueTokens tokens, ContinueAnswerReplay replay)
    {
        var (token, wantsJson) = await ReadTokenAsync(http.Request);
        if (token is null)
        {
            return ProblemJson.Render(ErrorCatalog.InvalidContinueToken, "The request carries no token.");
        }

        try
        {
            var sessionToken = SessionCookie.Read(http);
            var instance = await flows.FindAsync(env, flowId, sessionToken, http.RequestAborted);
            var check = await tokens.ReadAnswerAsync(env, flowId, token, http.RequestAborted);
            if (check.Answer is not { } answer)
            {
                return ProblemJson.Render(check.Status == ContinueAnswerStatus.Expired ? ErrorCatalog.ContinueTokenExpired : ErrorCatalog.InvalidContinueToken);
            }

            if (await replay.WasUsedAsync(env, answer.TokenId, http.RequestAborted))
            {
                return ProblemJson.Render(ErrorCatalog.ContinueTokenUsed);
            }

            if (!Awaits(instance, answer.Nonce))
            {
                return ProblemJson.Render(ErrorCatalog.InvalidContinueToken, "The flow does not wait for this answer.");
            }

            // Recorded before the flow moves: of two answers with one jti, on any nodes, one continues the flow.
            if (!await replay.TryUseAsync(env, answer.TokenId, answer.ExpiresAt, http.RequestAborted))
            {
                return ProblemJson.Render(ErrorCatalog.ContinueTokenUsed);
            }

            var action = FlowAction.Create(FlowActions.ExternalContinue, new Dictionary<string, object?>
            {
                [ApplicationAnswerFields.Nonce] = answer.Nonce,
                [ApplicationAnswerFields.Outcome] = answer.Outcome,
                [ApplicationAnswerFields.Data] = answer.Data,
            });
            var result = await flows.ContinueAsync(env, flowId, sessionToken, action, http.RequestAborted);
            SessionCookie.Write(http, env, result.Renewed);
            http.Response.Headers.CacheControl = "no-store";
            return wantsJson
                ? Results.Json(FlowResource.Of(result.Flow, http.Request), contentType: FlowMediaTypes.Resource)
                : Results.Redirect(FlowUrls.Local(http.Request, FlowUrls.SignOn(env, flowId)));
        }
        catch (FlowException exception)
        {
            return FlowApiProblems.For(exception, http);
        }
    }

    private static bool Awaits(FlowInstance instance, string nonce) =>
        instance is { Status: FlowInstanceStatus.Suspended, Prompt: { } prompt }
        && prompt.Accepts(FlowActions.ExternalContinue)
        && prompt.Data?[ApplicationAnswerFields.Nonce] is { } expected
        && expected.GetValueKind() == JsonValueKind.String
        && expected.GetValue<string>() == nonce;

    /// <summary>The token from the query (GET), a form field, or a JSON body's member; and whether the caller speaks JSON.</summary>
    private static async Task<(string? Token, bool Json)> ReadTokenAsync(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method))
        {
            return (request.Query[TokenParameter].ToString() is { Length: > 0 } query ? query : null, false);
        }

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            return (form[TokenParameter].ToString() is { Length: > 0 } field ? field : null, false);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, true);
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            using var body = JsonDocument.Parse(buffer.ToArray());
            return (body.RootElement.ValueKind == JsonValueKind.Object
                && body.RootElement.TryGetProperty(TokenParameter, out var member) && member.ValueKind == JsonValueKind.String
                    ? member.GetString() : null, true);
        }
        catch (JsonException)
        {
            return (null, true);
        }
    }
}
