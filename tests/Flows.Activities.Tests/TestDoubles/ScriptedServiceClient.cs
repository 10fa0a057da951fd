using Flows.Activities.Outbound;

namespace Flows.Activities.Tests.TestDoubles;

/// <summary>An outside service that answers what the test scripted, and remembers each call it got.</summary>
public sealed class ScriptedServiceClient : IHttpServiceClient
{
    public ServiceAnswer Answer { get; set; } = ServiceAnswer.Failed;

    public List<ServiceCall> Calls { get; } = [];

    public Task<ServiceAnswer> CallAsync(ServiceCall call, CancellationToken cancellationToken)
    {
        Calls.Add(call);
        return Task.FromResult(Answer);
    }
}
