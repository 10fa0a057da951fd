using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Flows.AuthServer.Users;

/// <summary>
/// A fixed set of threads of their own that run password hashes, one at a time each, at a lower scheduling priority
/// than the request threads. A crowd signing in then keeps every core busy hashing, yet a request that hashes nothing
/// (discovery, a flow read, a token for a service) is scheduled ahead of the hashes instead of queueing behind them.
/// </summary>
public sealed class HashingThreads : IDisposable
{
    // Linux niceness of the hashing threads: 10 gives a request thread about nine times their share of a busy core.
    private const int Niceness = 10;

    private readonly BlockingCollection<Action> _work = new();

    // Completions are handed to a thread at normal priority: a thread the thread pool starts to run a continuation is
    // started by the thread that queued it and inherits its niceness, and request threads must never be lowered.
    private readonly BlockingCollection<Action> _completions = new();

    public HashingThreads(int count)
    {
        for (var i = 0; i < count; i++)
        {
            new Thread(Run) { IsBackground = true, Name = $"password hashing {i + 1}" }.Start();
        }

        new Thread(Complete) { IsBackground = true, Name = "password hashed" }.Start();
    }

    /// <summary>Runs <paramref name="hashing"/> on one of the threads; a cancellation before it starts skips it.</summary>
    public Task<T> RunAsync<T>(Func<T> hashing, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            if (cancellationToken.IsCancellationRequested)
            {
                Hand(() => completion.TrySetCanceled(cancellationToken));
                return;
            }

            try
            {
                var result = hashing();
                Hand(() => completion.TrySetResult(result));
            }
            catch (Exception exception)
            {
                Hand(() => completion.TrySetException(exception));
            }
        });
        return completion.Task;
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        _completions.CompleteAdding();
    }

    private void Run()
    {
        LowerThisThreadsPriority();
        foreach (var work in _work.GetConsumingEnumerable())
        {
            work();
        }
    }

    private void Hand(Action completion)
    {
        try
        {
            _completions.Add(completion);
        }
        catch (InvalidOperationException)
        {
            completion(); // disposed: the server is stopping, and nothing is left to protect
        }
    }

    private void Complete()
    {
        foreach (var completion in _completions.GetConsumingEnumerable())
        {
            completion();
        }
    }

    // .NET ignores Thread.Priority on Linux; the kernel takes a niceness per thread through setpriority on its id.
    private static void LowerThisThreadsPriority()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = setpriority(PriorityOfProcess, gettid(), Niceness);
        }
        else
        {
            Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
        }
    }

    private const int PriorityOfProcess = 0; // PRIO_PROCESS: with a thread id, that one thread

    [DllImport("libc", SetLastError = true)]
    private static extern int setpriority(int which, int who, int prio);

    [DllImport("libc")]
    private static extern int gettid();
}
