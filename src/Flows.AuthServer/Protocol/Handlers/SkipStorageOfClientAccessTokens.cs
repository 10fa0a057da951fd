using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Handlers;

/// <summary>
/// Issues client credentials access tokens without a database row. They are self-contained signed JWTs,
/// verified by signature everywhere (introspection included), and no user session or refresh token hangs on
/// them; a row per machine-to-machine token would only cost a write on the hottest path.
/// </summary>
public sealed class SkipStorageOfClientAccessTokens : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<SkipStorageOfClientAccessTokens>()
            .SetOrder(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        if (context.TokenType == TokenTypeIdentifiers.AccessToken && context.Request?.IsClientCredentialsGrantType() == true)
        {
            context.CreateTokenEntry = false;
        }

        return default;
    }
}
