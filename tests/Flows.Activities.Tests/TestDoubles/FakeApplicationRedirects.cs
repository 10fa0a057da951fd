using Flows.Activities.Outbound;

namespace Flows.Activities.Tests.TestDoubles;

/// <summary>Issues a readable stand-in for the continue token (or none, as for an environment without a secret).</summary>
public sealed class FakeApplicationRedirects : IApplicationRedirects
{
    public bool HasSecret { get; set; } = true;

    public List<ContinueRequest> Issued { get; } = [];

    public Task<string?> IssueContinueTokenAsync(ContinueRequest request, CancellationToken cancellationToken)
    {
        Issued.Add(request);
        return Task.FromResult(HasSecret ? $"token-for-{request.FlowId}-{request.Nonce}" : null);
    }
}
