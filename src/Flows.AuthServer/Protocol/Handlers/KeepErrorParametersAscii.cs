using System.Text;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Handlers;

/// <summary>
/// Makes an error response's text parameters ASCII before OpenIddict copies them into <c>WWW-Authenticate</c> (a 401 of
/// userinfo, or an invalid_client): a header value outside ASCII makes Kestrel fail the response, turning a client's
/// error into a 500. RFC 6749 §5.2 allows error_description only %x20-21 / %x23-5B / %x5D-7E anyway; every other
/// character becomes '?', in the body as in the header.
/// </summary>
public sealed class KeepErrorParametersAscii<TContext> : IOpenIddictServerHandler<TContext> where TContext : BaseRequestContext
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
            .UseSingletonHandler<KeepErrorParametersAscii<TContext>>()
            .SetOrder(OpenIddictServerAspNetCoreHandlers.AttachWwwAuthenticateHeader<TContext>.Descriptor.Order - 100)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(TContext context)
    {
        var response = context.Transaction.Response;
        if (string.IsNullOrEmpty(response?.Error))
        {
            return default;
        }

        foreach (var (name, value) in response.GetParameters().ToList())
        {
            if ((string?)value is { } text && !text.All(Allowed))
            {
                response.SetParameter(name, Sanitize(text));
            }
        }

        return default;
    }

    private static bool Allowed(char c) => c is >= '\x20' and <= '\x7E' and not '"' and not '\\';

    private static string Sanitize(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            result.Append(Allowed(c) ? c : '?');
        }

        return result.ToString();
    }
}
