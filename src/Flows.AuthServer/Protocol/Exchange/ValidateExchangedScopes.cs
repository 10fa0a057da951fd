using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Exchange;

/// <summary>
/// Lets a token exchange only narrow: every scope it asks for must be one the subject token was granted (RFC 8693 §2.1:
/// the issued token's scope is within what the subject could do). OpenIddict has already refused a scope the client
/// may not use.
/// </summary>
public sealed class ValidateExchangedScopes : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .AddFilter<RequireTokenExchange>()
            .UseSingletonHandler<ValidateExchangedScopes>()
            .SetOrder(ValidateExchangedSubject.Descriptor.Order + 100)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        var granted = context.SubjectTokenPrincipal?.GetScopes() ?? [];
        if (context.Request.GetScopes().Any(scope => !granted.Contains(scope)))
        {
            context.Reject(Errors.InvalidScope, TokenExchangeErrors.BroaderScope);
        }

        return default;
    }
}
