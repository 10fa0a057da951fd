namespace Flows.Activities.Outbound;

/// <summary>
/// How <see cref="CallHttpService"/> reaches a service outside the server. The server implements it: the
/// environment's allow-list of hosts, the signature of each request, timeouts, retries and a size limit.
/// </summary>
public interface IHttpServiceClient
{
    /// <summary>Sends the call; never throws for what the service or the network did (the answer says it).</summary>
    Task<ServiceAnswer> CallAsync(ServiceCall call, CancellationToken cancellationToken);
}
