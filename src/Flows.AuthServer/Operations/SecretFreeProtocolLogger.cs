using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Operations;

/// <summary>
/// The logger OpenIddict's server handlers write through, without the secrets they would write: its Trace level
/// prints every token it creates or validates in full, so nothing below Debug passes; and the requests and responses
/// it logs lose, besides the parameters OpenIddict itself hides, those it does not (a PKCE code verifier, RFC 7636 §4.1,
/// and the tokens of a token exchange, RFC 8693 §2.1).
/// </summary>
public sealed partial class SecretFreeProtocolLogger(ILogger inner) : ILogger<OpenIddictServerDispatcher>
{
    private const string Redacted = "[redacted]";
    private const string OriginalFormat = "{OriginalFormat}";

    private static readonly HashSet<string> Hidden = new(StringComparer.Ordinal)
    {
        Parameters.CodeVerifier, Parameters.SubjectToken, Parameters.ActorToken, Parameters.Request,
    };

    /// <summary>Makes every OpenIddict server transaction log through this logger.</summary>
    public static IServiceCollection AddSecretFreeProtocolLogs(IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Scoped<IOpenIddictServerFactory>(provider => new OpenIddictServerFactory(
            new SecretFreeProtocolLogger(provider.GetRequiredService<ILogger<OpenIddictServerDispatcher>>()),
            provider.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>())));
        return services;
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => logLevel > LogLevel.Trace && inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        if (state is not IReadOnlyList<KeyValuePair<string, object?>> values || !values.Any(value => value.Value is OpenIddictMessage))
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
            return;
        }

        var redacted = values.Select(value => value.Value is OpenIddictMessage message
            ? new KeyValuePair<string, object?>(value.Key, Redact(message))
            : value).ToList();
        inner.Log(logLevel, eventId, redacted, exception, (pairs, _) => Format(pairs));
    }

    /// <summary>The message as OpenIddict prints it (its own sensitive parameters hidden), with <see cref="Hidden"/> hidden too.</summary>
    private static string Redact(OpenIddictMessage message)
    {
        var copy = new OpenIddictMessage();
        foreach (var (name, value) in message.GetParameters())
        {
            copy.SetParameter(name, Hidden.Contains(name) ? Redacted : value);
        }

        return copy.ToString();
    }

    /// <summary>The message template with its placeholders filled in by name.</summary>
    private static string Format(IReadOnlyList<KeyValuePair<string, object?>> values)
    {
        var template = values.FirstOrDefault(value => value.Key == OriginalFormat).Value as string ?? "";
        return Placeholder().Replace(template, match =>
            values.FirstOrDefault(value => value.Key == match.Groups["name"].Value).Value?.ToString() ?? "");
    }

    [GeneratedRegex(@"\{(?<name>[^{}:,]+)(?:[,:][^{}]*)?\}")]
    private static partial Regex Placeholder();
}
