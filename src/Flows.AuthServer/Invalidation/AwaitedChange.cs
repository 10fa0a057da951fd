namespace Flows.AuthServer.Invalidation;

/// <summary>
/// A change this node announced, until it is known everywhere: its own notification has come back and every other
/// listening node has acknowledged it. Answers may arrive before the sender knows how many nodes listen.
/// </summary>
public sealed class AwaitedChange
{
    private readonly TaskCompletionSource _everywhere = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<string> _acknowledgedBy = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private bool _echoed;
    private int? _otherNodes;

    /// <summary>Completes once the change is known on every node that listened when it was announced.</summary>
    public Task Everywhere => _everywhere.Task;

    /// <summary>How many other nodes have not acknowledged it yet (all of them while their number is unknown).</summary>
    public int Missing
    {
        get
        {
            lock (_gate)
            {
                return Math.Max(0, (_otherNodes ?? 0) - _acknowledgedBy.Count);
            }
        }
    }

    public void Echoed() => Update(() => _echoed = true);

    public void AcknowledgedBy(string node) => Update(() => _acknowledgedBy.Add(node));

    /// <summary>How many other nodes listened when the change was announced: as many acknowledgements are awaited.</summary>
    public void Expect(int otherNodes) => Update(() => _otherNodes = otherNodes);

    private void Update(Action update)
    {
        lock (_gate)
        {
            update();
            if (_echoed && _otherNodes is { } expected && _acknowledgedBy.Count >= expected)
            {
                _everywhere.TrySetResult();
            }
        }
    }
}
