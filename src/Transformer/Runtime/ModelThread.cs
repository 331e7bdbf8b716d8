using System.Runtime.ExceptionServices;

namespace LcPfn.Transformer.Runtime;

/// <summary>
/// Runs a model's LibTorch work one call at a time: on one long-lived thread of its own while the caller waits
/// (<c>dedicated</c>, for batch inference jobs), or on the caller's thread under a lock.
/// </summary>
/// <remarks>
/// Why a thread of its own (decision 0008): LibTorch allocates a pass's tensors from the malloc arena of the thread
/// that runs it, and glibc keeps what an arena once held, so passes on changing pool threads made every arena grow to a
/// pass's peak. On one thread they reuse one arena. Its price is two thread wake-ups per call, which a single stop
/// decision (~0.8 ms) should not pay, so only jobs that bounded the native heap use it. Neither side spins while it
/// waits: on two cores a spinning waiter takes the core that LibTorch's second intra-op thread needs.
/// </remarks>
internal sealed class ModelThread : IDisposable
{
    private readonly Queue<Action> _queue = new();
    private readonly Lock _gate = new();
    private readonly ManualResetEventSlim? _workAvailable;
    private readonly Thread? _thread;
    private bool _completed;

    public ModelThread(string name, bool dedicated)
    {
        if (!dedicated) return;
        _workAvailable = new ManualResetEventSlim(false, spinCount: 0);
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="work"/> and returns its result; its exception is rethrown to the caller.</summary>
    /// <exception cref="ObjectDisposedException">The thread was disposed.</exception>
    public T Invoke<T>(Func<T> work)
    {
        if (_thread is null)
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_completed, this);
                return work();
            }
        }
        if (Thread.CurrentThread == _thread) return work();
        T result = default!;
        ExceptionDispatchInfo? error = null;
        using var done = new ManualResetEventSlim(false, spinCount: 0);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_completed, this);
            _queue.Enqueue(() =>
            {
                try { result = work(); }
                catch (Exception ex) { error = ExceptionDispatchInfo.Capture(ex); }
                finally { done.Set(); }
            });
            _workAvailable!.Set();
        }
        done.Wait();
        error?.Throw();
        return result;
    }

    /// <summary>Lets the queued calls finish, then ends the thread.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_completed) return;
            _completed = true;
            _workAvailable?.Set();
        }
        if (_thread is not null && Thread.CurrentThread != _thread) _thread.Join();
    }

    private void Run()
    {
        while (true)
        {
            Action? work = null;
            lock (_gate)
            {
                if (_queue.Count > 0) work = _queue.Dequeue();
                else if (_completed) break;
                else _workAvailable!.Reset();
            }
            if (work is null) _workAvailable!.Wait();
            else work();
        }
        _workAvailable!.Dispose();
    }
}
