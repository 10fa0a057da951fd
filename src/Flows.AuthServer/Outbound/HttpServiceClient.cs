using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Activities.Outbound;
using Polly;

namespace Flows.AuthServer.Outbound;

/// <summary>
/// Calls an outside service for <c>CallHttpService</c>: refuses a host the environment does not allow, signs the JSON
/// body with the environment's secret, sends it through the resilience pipeline (attempt timeout, jittered retries,
/// a circuit breaker per environment and host), and accepts only a 2xx JSON object within <see cref="MaxAnswerBytes"/>.
/// Logs name the host and what happened, never the body, the secret or the signature.
/// </summary>
public sealed partial class HttpServiceClient(
    IHttpClientFactory clients, OutboundSettingsReader settings, TimeProvider clock, ILogger<HttpServiceClient> logger) : IHttpServiceClient
{
    public const string ClientName = "Flows.Outbound";

    /// <summary>The largest answer read; a larger one is an error, not a memory cost.</summary>
    public const int MaxAnswerBytes = 64 * 1024;

    public static readonly ResiliencePropertyKey<TimeSpan> AttemptTimeout = new("Flows.Outbound.AttemptTimeout");
    public static readonly ResiliencePropertyKey<int> Retries = new("Flows.Outbound.Retries");

    /// <summary>Set by the pipeline when an attempt timed out, cleared when another one starts.</summary>
    public static readonly ResiliencePropertyKey<bool> AttemptTimedOut = new("Flows.Outbound.AttemptTimedOut");
    public static readonly HttpRequestOptionsKey<string> Environment = new("Flows.Outbound.Environment");

    public async Task<ServiceAnswer> CallAsync(ServiceCall call, CancellationToken cancellationToken)
    {
        var outbound = await settings.ReadAsync(call.EnvironmentId, cancellationToken);
        if (!Uri.TryCreate(call.Url, UriKind.Absolute, out var url) || !IsAllowed(url, outbound))
        {
            LogRefusedHost(call.EnvironmentId, url?.Host ?? "(not a URL)");
            return ServiceAnswer.Failed;
        }

        if (outbound.Secret is not { } secret)
        {
            LogNoSecret(call.EnvironmentId);
            return ServiceAnswer.Failed;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(call.Body);
        using var request = new HttpRequestMessage(call.Method == HttpServiceMethod.Put ? HttpMethod.Put : HttpMethod.Post, url)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.TryAddWithoutValidation(OutboundRequestSigner.Header, OutboundRequestSigner.Sign(secret, clock.GetUtcNow(), body));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        // A connection is never reused: another environment's call to the same host must pass its own address check.
        request.Headers.ConnectionClose = true;
        request.Options.Set(GuardedConnector.AllowedPrivateNetworks, outbound.AllowedPrivateNetworks);
        request.Options.Set(Environment, call.EnvironmentId);

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(AttemptTimeout, call.Timeout);
        context.Properties.Set(Retries, call.Retries);
        request.SetResilienceContext(context);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return await ReadAsync(call, url, response, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The pipeline's last attempt timed out (its timeout's rejection), or the call failed: refused address,
            // network, open circuit.
            if (context.Properties.GetValue(AttemptTimedOut, false))
            {
                LogTimedOut(call.EnvironmentId, url.Host);
                return ServiceAnswer.TimedOut;
            }

            LogFailed(call.EnvironmentId, url.Host, exception.GetType().Name);
            return ServiceAnswer.Failed;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<ServiceAnswer> ReadAsync(ServiceCall call, Uri url, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > MaxAnswerBytes)
        {
            LogUnusable(call.EnvironmentId, url.Host, (int)response.StatusCode);
            return ServiceAnswer.Failed;
        }

        // Reading the body is bounded by the attempt's timeout too: a service that sends headers and then stalls times out.
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        reading.CancelAfter(call.Timeout);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(reading.Token);
            var buffer = new byte[MaxAnswerBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), reading.Token)) > 0)
            {
                length += read;
            }

            if (length > MaxAnswerBytes || JsonNode.Parse(buffer.AsSpan(0, length)) is not JsonObject answer)
            {
                LogUnusable(call.EnvironmentId, url.Host, (int)response.StatusCode);
                return ServiceAnswer.Failed;
            }

            return ServiceAnswer.Answered(answer);
        }
        catch (JsonException)
        {
            LogUnusable(call.EnvironmentId, url.Host, (int)response.StatusCode);
            return ServiceAnswer.Failed;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogTimedOut(call.EnvironmentId, url.Host);
            return ServiceAnswer.TimedOut;
        }
    }

    /// <summary>
    /// https to an allowed host; plain http only to an address the environment lists as private (a service beside the
    /// server), where no one in between can change the answer. No credentials in the URL.
    /// </summary>
    internal static bool IsAllowed(Uri url, OutboundSettings outbound)
    {
        if (!string.IsNullOrEmpty(url.UserInfo) || !OutboundAddresses.IsHostAllowed(url.IdnHost, outbound.AllowedHosts))
        {
            return false;
        }

        return url.Scheme == Uri.UriSchemeHttps
            || (url.Scheme == Uri.UriSchemeHttp && IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var address)
                && outbound.AllowedPrivateNetworks.Any(network => network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address)));
    }

    [LoggerMessage(LogLevel.Warning, "Outbound call of environment {EnvironmentId} refused: host {Host} is not allowed.")]
    private partial void LogRefusedHost(string environmentId, string host);

    [LoggerMessage(LogLevel.Warning, "Outbound call of environment {EnvironmentId} refused: the environment has no outbound secret.")]
    private partial void LogNoSecret(string environmentId);

    [LoggerMessage(LogLevel.Information, "Outbound call of environment {EnvironmentId} to {Host} timed out.")]
    private partial void LogTimedOut(string environmentId, string host);

    [LoggerMessage(LogLevel.Information, "Outbound call of environment {EnvironmentId} to {Host} failed ({Failure}).")]
    private partial void LogFailed(string environmentId, string host, string failure);

    [LoggerMessage(LogLevel.Information, "Outbound call of environment {EnvironmentId} to {Host} answered {Status} with no usable JSON object.")]
    private partial void LogUnusable(string environmentId, string host, int status);
}
