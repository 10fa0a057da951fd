namespace Flows.AuthServer.Logout;

/// <summary>Wakes this node's <see cref="BackchannelLogoutDispatcher"/> when a sign-off put deliveries in the outbox.</summary>
public sealed class LogoutDeliverySignal
{
    private readonly SemaphoreSlim _pending = new(0);

    public void Notify()
    {
        // One waiting wake-up is enough: the dispatcher takes everything that is due.
        if (_pending.CurrentCount == 0)
        {
            _pending.Release();
        }
    }

    /// <summary>Waits for <see cref="Notify"/> or <paramref name="timeout"/>, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _pending.WaitAsync(timeout, cancellationToken);
}
