using Microsoft.AspNetCore;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.ClientKeys;

/// <summary>
/// Gives OpenIddict the keys to check a client assertion with when its client publishes them at a <c>jwksUri</c>
/// (RFC 7523 §3: the signature must verify with the client's keys): read through <see cref="RemoteClientKeyCache"/>,
/// asking for the assertion's <c>kid</c>. Keys that cannot be read make the client unauthenticated, invalid_client
/// (RFC 7523 §3.2), never a server error.
/// </summary>
public sealed class ResolveRemoteClientAssertionKeys(
    IOpenIddictApplicationManager applications, RemoteClientKeyCache keys, EnvironmentContext environments)
    : IOpenIddictServerHandler<ValidateTokenContext>
{
    public const string Unreadable = "The client's public keys could not be read from its jwks_uri.";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseScopedHandler<ResolveRemoteClientAssertionKeys>()
            // Once OpenIddict has made the parameters, which read the client's registered keys; before it validates.
            .SetOrder(OpenIddictServerHandlers.Protection.ResolveTokenValidationParameters.Descriptor.Order + 100)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenContext context)
    {
        if (context.ValidTokenTypes.Count != 1 || !context.ValidTokenTypes.Contains(TokenTypeIdentifiers.Private.ClientAssertion)
            || context.TokenValidationParameters is not { } parameters
            || Read(context.Token) is not { } assertion
            || await applications.FindByClientIdAsync(assertion.Issuer) is not FlowsApplication { JwksUri: { } address }
            || !Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            return;
        }

        var cancellationToken = context.Transaction.GetHttpRequest()?.HttpContext.RequestAborted ?? CancellationToken.None;
        var published = await keys.GetAsync(environments.Required.Id, assertion.Issuer, uri, assertion.Kid, cancellationToken);
        if (published is not { Count: > 0 })
        {
            context.Reject(Errors.InvalidClient, Unreadable);
            return;
        }

        parameters.IssuerSigningKeyResolver = null;
        parameters.IssuerSigningKeys = published;
    }

    /// <summary>The assertion's header and issuer, unverified: only to find whose keys verify it. Null when it is no JWT.</summary>
    private static JsonWebToken? Read(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var jwt = new JsonWebToken(token);
            return string.IsNullOrEmpty(jwt.Issuer) ? null : jwt;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
