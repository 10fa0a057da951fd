namespace Flows.Engine.Tests.TestActivities;

/// <summary>Holds resumes until a number of them have arrived, so a test can make them overlap for sure.</summary>
public sealed class TestGate
{
    private TaskCompletionSource? _allArrived;
    private int _expected;
    private int _arrived;

    public void HoldUntil(int resumes)
    {
        _expected = resumes;
        _arrived = 0;
        _allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public Task PassAsync()
    {
        if (_allArrived is not { } allArrived)
        {
            return Task.CompletedTask;
        }

        if (Interlocked.Increment(ref _arrived) >= _expected)
        {
            allArrived.TrySetResult();
        }

        return allArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
