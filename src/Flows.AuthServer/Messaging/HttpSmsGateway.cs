using System.Net.Http.Headers;
using System.Text.Json;
using Flows.AuthServer.Outbound;

namespace Flows.AuthServer.Messaging;

/// <summary>
/// Sends text messages through the environment's SMS gateway: <c>POST {url}</c> with <c>{"to", "text"}</c>, signed
/// with the gateway's secret as outbound calls are (<see cref="OutboundRequestSigner"/>), through the same guarded
/// client, so the environment's allow-list and its private-address rules hold for the gateway too. Any 2xx is sent.
/// Logs name the environment, the host and what happened, never the number, the text or the secret.
/// </summary>
public sealed partial class HttpSmsGateway(
    IHttpClientFactory clients, MessagingSettingsCache settings, MessagingSecretProtector protector, OutboundSettingsReader outbound,
    TimeProvider clock, ILogger<HttpSmsGateway> logger) : ISmsSender
{
    /// <summary>How long the gateway may take to accept a message.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async Task<MessageDelivery> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        if (await settings.FindAsync(message.EnvironmentId, cancellationToken) is not { SmsGatewayUrl: { } address, ProtectedSmsGatewaySecret: { } secret })
        {
            LogNotConfigured(message.EnvironmentId);
            return MessageDelivery.NotConfigured;
        }

        var rules = await outbound.ReadAsync(message.EnvironmentId, cancellationToken);
        if (!Uri.TryCreate(address, UriKind.Absolute, out var url) || !HttpServiceClient.IsAllowed(url, rules))
        {
            LogRefusedHost(message.EnvironmentId, url?.Host ?? "(not a URL)");
            return MessageDelivery.Failed;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new { to = message.To, text = message.Text });
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.ConnectionClose = true;
        request.Options.Set(GuardedConnector.AllowedPrivateNetworks, rules.AllowedPrivateNetworks);
        request.Options.Set(HttpServiceClient.Environment, message.EnvironmentId);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var key = System.Text.Encoding.UTF8.GetBytes(protector.Unprotect(secret));
            request.Headers.TryAddWithoutValidation(OutboundRequestSigner.Header, OutboundRequestSigner.Sign(key, clock.GetUtcNow(), body));
            using var response = await clients.CreateClient(HttpServiceClient.ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return MessageDelivery.Sent;
            }

            LogRefused(message.EnvironmentId, url.Host, (int)response.StatusCode);
            return MessageDelivery.Failed;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(message.EnvironmentId, url.Host, exception.GetType().Name);
            return MessageDelivery.Failed;
        }
    }

    [LoggerMessage(LogLevel.Warning, "SMS of environment {EnvironmentId} not sent: the environment has no SMS gateway.")]
    private partial void LogNotConfigured(string environmentId);

    [LoggerMessage(LogLevel.Warning, "SMS of environment {EnvironmentId} refused: host {Host} is not allowed by its outbound settings.")]
    private partial void LogRefusedHost(string environmentId, string host);

    [LoggerMessage(LogLevel.Warning, "SMS of environment {EnvironmentId} refused by the gateway {Host} ({Status}).")]
    private partial void LogRefused(string environmentId, string host, int status);

    [LoggerMessage(LogLevel.Warning, "SMS of environment {EnvironmentId} through {Host} failed ({Failure}).")]
    private partial void LogFailed(string environmentId, string host, string failure);
}
