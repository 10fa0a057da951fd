using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Failures;
using Flows.AuthServer.Flows;
using Flows.AuthServer.Sessions;
using Flows.AuthServer.SignOn;
using Flows.Engine.Instances;
using Flows.Engine.Runtime;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Client;
using OpenIddict.Client.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Client.OpenIddictClientEvents;

namespace Flows.AuthServer.IdentityProviders;

/// <summary>
/// <c>/{env}/idp/{id}/authenticate</c> sends the browser of a flow waiting on the provider there (OpenIddict makes the
/// state, nonce and PKCE verifier, and a correlation cookie for this browser); <c>/{env}/idp/{id}/callback</c> takes the
/// provider's answer, which OpenIddict validates, and continues that flow for the session that owns it.
/// </summary>
public static class IdentityProviderEndpoints
{
    public const string AuthenticatePattern = "/{env}/idp/{id}/authenticate";
    public const string CallbackPattern = "/{env}/idp/{id}/callback";

    // Kept in OpenIddict's state token, so the callback knows the flow and the wait it answers.
    private const string FlowIdProperty = "flows.flow_id";
    private const string AttemptProperty = "flows.attempt";

    public static IEndpointRouteBuilder MapIdentityProviders(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(AuthenticatePattern, AuthenticateAsync);
        endpoints.MapGet(CallbackPattern, CallbackAsync);
        return endpoints;
    }

    private static async Task<IResult> AuthenticateAsync(
        string env, string id, string? flowId, HttpContext http, SignOnFlows flows, EnvironmentContext environments)
    {
        if (environments.Current is not { } environment || string.IsNullOrWhiteSpace(flowId))
        {
            return Problem(environments, SignOnProblems.NotFound);
        }

        FlowInstance instance;
        try
        {
            instance = await flows.FindAsync(environment.Id, flowId, SessionCookie.Read(http), http.RequestAborted);
        }
        catch (FlowException exception)
        {
            return Problem(environments, SignOnProblems.For(exception, http));
        }

        if (instance is not { Status: FlowInstanceStatus.Suspended, Prompt: { Status: FlowStatuses.ExternalAuthenticationRequired } prompt }
            || SignOnFlows.WaitedProvider(prompt) != id
            || prompt.Data?[ExternalAuthenticationFields.Attempt]?.GetValue<string>() is not { } attempt)
        {
            return Problem(environments, SignOnProblems.Finished);
        }

        var properties = new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictClientAspNetCoreConstants.Properties.RegistrationId] = IdentityProviderRegistrations.IdOf(environment.Id, id),
            [FlowIdProperty] = instance.Id,
            [AttemptProperty] = attempt,
        });
        return Results.Challenge(properties, [OpenIddictClientAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static async Task<IResult> CallbackAsync(
        string env, string id, HttpContext http, SignOnFlows flows, EnvironmentContext environments, IdentityProviderCache providers,
        ILoggerFactory loggers)
    {
        if (environments.Current is not { } environment
            || await providers.FindAsync(environment.Id, id, http.RequestAborted) is not { } provider)
        {
            return Problem(environments, SignOnProblems.NotFound);
        }

        var answer = await ReadAnswerAsync(http, provider, loggers.CreateLogger(typeof(IdentityProviderEndpoints)));
        if (answer is null)
        {
            // A forged, expired or replayed state, an answer of another provider, or one of another browser (no
            // correlation cookie): no flow is touched.
            return Problem(environments, HostedPageProblem.Of(ErrorCatalog.ProviderAnswerRefused));
        }

        try
        {
            var (instance, renewed) = await flows.ReturnFromProviderAsync(
                environment.Id, answer.FlowId, SessionCookie.Read(http), id, answer.Body, http.RequestAborted);
            SessionCookie.Write(http, environment.Id, renewed);
            return Results.Redirect(FlowUrls.Local(http.Request, instance.Status == FlowInstanceStatus.Completed
                ? FlowUrls.Resume(environment.Id, instance.Id)
                : FlowUrls.SignOn(environment.Id, instance.Id)));
        }
        catch (FlowException exception) when (exception is FlowNotResumableException or FlowAccessDeniedException)
        {
            // Already answered (a replay), or the flow of another session: refused the same way.
            return Problem(environments, HostedPageProblem.Of(ErrorCatalog.ProviderAnswerRefused));
        }
        catch (FlowException exception)
        {
            return Problem(environments, SignOnProblems.For(exception, http));
        }
    }

    /// <summary>
    /// What OpenIddict made of the answer: the identity it validated, or the provider's error when the state itself
    /// was valid, for this provider and this browser. Null for anything else.
    /// </summary>
    private static async Task<ProviderAnswer?> ReadAnswerAsync(HttpContext http, CachedProvider provider, ILogger logger)
    {
        AuthenticateResult result;
        try
        {
            result = await http.AuthenticateAsync(OpenIddictClientAspNetCoreDefaults.AuthenticationScheme);
        }
        catch (InvalidOperationException)
        {
            // OpenIddict could not resolve the registration the state names (e.g. a provider deleted meanwhile).
            return null;
        }

        var registrationId = IdentityProviderRegistrations.IdOf(provider.Record.EnvironmentId, provider.Record.Id);
        if (!result.Succeeded)
        {
            // OpenIddict's error and description name the check that failed; they hold no token or secret.
            logger.LogInformation("The answer of identity provider {ProviderId} in {EnvironmentId} was refused: {Error} {Description}",
                provider.Record.Id, provider.Record.EnvironmentId, Item(result.Properties?.Items ?? new Dictionary<string, string?>(), OpenIddictClientAspNetCoreConstants.Properties.Error),
                Item(result.Properties?.Items ?? new Dictionary<string, string?>(), OpenIddictClientAspNetCoreConstants.Properties.ErrorDescription));
        }

        if (result.Succeeded)
        {
            var items = result.Properties!.Items;
            return Item(items, OpenIddictClientAspNetCoreConstants.Properties.RegistrationId) == registrationId
                   && Item(items, FlowIdProperty) is { } flowId
                   && UpstreamIdentity.From(result.Principal!, provider.Record) is { } identity
                ? new ProviderAnswer(flowId, Body(Item(items, AttemptProperty), identity.ToJson(), error: null))
                : null;
        }

        // The provider answered with an error (RFC 6749 §4.1.2.1): OpenIddict validated the state before it looked at
        // the error, so the state's properties say which flow gave up, when the state was this provider's.
        var context = http.Features.Get<OpenIddictClientAspNetCoreFeature>()?.Transaction?
            .GetProperty<ProcessAuthenticationContext>(typeof(ProcessAuthenticationContext).FullName!);
        return http.Request.Query.ContainsKey(Parameters.Error)
               && context is { StateTokenPrincipal: not null, Registration.RegistrationId: var stateRegistration }
               && stateRegistration == registrationId
               && context.Error is not (Errors.InvalidRequest or Errors.InvalidToken)
               && Item(context.Properties, FlowIdProperty) is { } failedFlowId
            ? new ProviderAnswer(failedFlowId, Body(Item(context.Properties, AttemptProperty), identity: null, context.Error ?? Errors.ServerError))
            : null;
    }

    private static string? Item(IDictionary<string, string?> items, string key) => items.TryGetValue(key, out var value) ? value : null;

    private static JsonElement Body(string? attempt, JsonElement? identity, string? error)
    {
        var body = new JsonObject { [ExternalAuthenticationFields.Attempt] = attempt };
        if (identity is { } value)
        {
            body[ExternalAuthenticationFields.Identity] = JsonNode.Parse(value.GetRawText());
        }

        if (error is not null)
        {
            body[ExternalAuthenticationFields.Error] = error;
        }

        return JsonSerializer.SerializeToElement(body);
    }

    private static IResult Problem(EnvironmentContext environments, HostedPageProblem problem) =>
        MessagePage.Render(environments.Current?.Name ?? "", problem);

    private sealed record ProviderAnswer(string FlowId, JsonElement Body);
}
