using Flows.AuthServer.Environments;
using Flows.AuthServer.Telemetry;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Handlers;

/// <summary>
/// Counts what a sign-in issued (<see cref="FlowsMetrics.TokensName"/>), by the parameter that carries it in the
/// response (<c>code</c>, <c>access_token</c>, <c>id_token</c>, <c>refresh_token</c>), once OpenIddict has put it there:
/// at the token endpoint by the request's grant type, at the authorization endpoint the code under the
/// authorization code grant and tokens under the implicit grant (RFC 6749 §4.1, §4.2; OIDC Core §3.3 hybrid).
/// </summary>
public sealed class CountIssuedTokens(EnvironmentContext environments) : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseScopedHandler<CountIssuedTokens>()
            .SetOrder(OpenIddictServerHandlers.AttachSignInParameters.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        if (context.IsRejected || environments.Current is not { } environment)
        {
            return default;
        }

        var atTokenEndpoint = context.EndpointType == OpenIddictServerEndpointType.Token;
        var grant = atTokenEndpoint ? context.Request?.GrantType ?? "" : GrantTypes.Implicit;
        Count(environment.Id, atTokenEndpoint ? grant : GrantTypes.AuthorizationCode,
            context.IncludeAuthorizationCode, context.AuthorizationCode, Parameters.Code);
        Count(environment.Id, grant, context.IncludeAccessToken, context.AccessToken, Parameters.AccessToken);
        Count(environment.Id, grant, context.IncludeIdentityToken, context.IdentityToken, Parameters.IdToken);
        Count(environment.Id, grant, context.IncludeRefreshToken, context.RefreshToken, Parameters.RefreshToken);
        return default;
    }

    private static void Count(string environmentId, string grant, bool included, string? token, string tokenType)
    {
        if (included && !string.IsNullOrEmpty(token))
        {
            FlowsMetrics.TokenIssued(environmentId, grant, tokenType);
        }
    }
}
