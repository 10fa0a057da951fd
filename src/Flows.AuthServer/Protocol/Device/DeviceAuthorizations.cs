using Flows.Activities;
using Flows.Activities.Users;
using Flows.AuthServer.Consents;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Flows;
using Flows.AuthServer.Sessions;
using Flows.Engine.Instances;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Device;

/// <summary>
/// Checks the user codes typed on the device verification page: OpenIddict validates its own user code (reference,
/// unexpired, unused, protected with this environment's keys); the code's application must be of this environment and
/// hold the device grant. The user then signs in with the application's flow, or by the page's session when it already
/// completed that very flow version (SSO, the rule of the authorization endpoint).
/// </summary>
public sealed class DeviceAuthorizations(
    IOpenIddictServerFactory factory,
    IOpenIddictServerDispatcher dispatcher,
    IOpenIddictApplicationManager applications,
    IOpenIddictTokenManager tokens,
    IFlowInstanceStore instances,
    EnvironmentContext environments,
    SessionService sessions,
    SignOnFlows flows,
    IUserDirectory users,
    TimeProvider clock) : IDeviceAuthorizations
{
    // User codes are short digits; anything longer is not one, and never reaches the token store.
    private const int MaxUserCodeLength = 64;

    public async Task<UserCodeCheck> CheckAsync(string environmentId, string flowId, string userCode, CancellationToken cancellationToken)
    {
        var environment = environments.Required;
        if (environment.Id != environmentId || userCode.Length > MaxUserCodeLength)
        {
            return UserCodeCheck.Invalid;
        }

        var (principal, expired) = await ValidateAsync(userCode, cancellationToken);
        if (expired)
        {
            return UserCodeCheck.Expired;
        }

        if (principal?.GetClaim(Claims.ClientId) is not { } clientId
            || await applications.FindByClientIdAsync(clientId, cancellationToken) is not FlowsApplication application
            || !await applications.HasPermissionAsync(application, Permissions.GrantTypes.DeviceCode, cancellationToken))
        {
            return UserCodeCheck.Invalid;
        }

        var request = new DeviceAuthorizationRequest(userCode, clientId, application.DisplayName ?? clientId,
            ConsentScopes.Describe(principal.GetScopes()));
        return new UserCodeCheck(UserCodeStatus.Valid, request, await SignOnAsync(environment, application, flowId, cancellationToken));
    }

    /// <summary>The user code's principal, or why there is none.</summary>
    private async Task<(System.Security.Claims.ClaimsPrincipal? Principal, bool Expired)> ValidateAsync(string userCode, CancellationToken cancellationToken)
    {
        var transaction = await factory.CreateTransactionAsync();
        transaction.CancellationToken = cancellationToken;
        transaction.Request = new OpenIddictRequest();
        var context = new ValidateTokenContext(transaction) { Token = userCode, ValidTokenTypes = { TokenTypeIdentifiers.Private.UserCode } };

        // As OpenIddict's end-user verification endpoint: the dashes of the displayed code are not part of it.
        context.AllowedCharset.UnionWith(transaction.Options.UserCodeCharset);
        await dispatcher.DispatchAsync(context);
        if (!context.IsRejected)
        {
            return (context.Principal, false);
        }

        // OpenIddict answers invalid_token for an expired user code too; its entry tells the user which it is.
        var normalized = string.Concat(userCode.Select(character => character.ToString()).Where(transaction.Options.UserCodeCharset.Contains));
        var entry = normalized.Length == 0 ? null : await tokens.FindByReferenceIdAsync(normalized, cancellationToken);
        var expired = entry is not null
            && await tokens.HasTypeAsync(entry, TokenTypeIdentifiers.Private.UserCode, cancellationToken)
            && await tokens.GetExpirationDateAsync(entry, cancellationToken) is { } expiresAt && expiresAt <= clock.GetUtcNow();
        return (null, expired);
    }

    private async Task<DeviceSignOn> SignOnAsync(EnvironmentRecord environment, FlowsApplication application, string flowId, CancellationToken cancellationToken)
    {
        var flow = await flows.ResolveAsync(environment, application, cancellationToken);
        var signOn = new DeviceSignOn(flow.Id, flow.Version, application.ClientId!);
        if (await instances.FindAsync(flowId, cancellationToken) is not { SessionTokenHash: { } tokenHash }
            || await sessions.FindByTokenHashAsync(environment.Id, tokenHash, cancellationToken) is not { } session)
        {
            return signOn;
        }

        // A device request carries no prompt or max_age: the session counts as it is.
        var request = new OpenIddictRequest();
        var now = clock.GetUtcNow();
        if (SessionReuse.ProvenFor(session, request, now) is not { } proven
            || await users.FindByIdAsync(environment.Id, proven.UserId, cancellationToken) is not { Enabled: true } user)
        {
            return signOn;
        }

        return SessionReuse.ProofFor(session, flow, request, now) is { } proof
            ? signOn with { Reused = new SessionSignIn(user.Id, user.Username, proof.Amr, proof.Acr, proof.AuthenticatedAt) }
            : signOn with { Proven = proven, Username = user.Username };
    }
}
