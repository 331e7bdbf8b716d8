namespace LcPfn.EarlyStop.Hosting;

/// <summary>
/// The runs whose reports are decided but not yet stored and delivered, each with the task that finishes them. The
/// worker pipelines micro-batches (the next batch is read and decided while the last one is still being written,
/// published and acknowledged); a report of a run listed here waits for that task first, so one run's reports are
/// still stored one after the other, each seeing the one before it.
/// </summary>
internal sealed class RunsInFlight
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);

    /// <summary>Runs with a report in flight now.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _tails.Count;
        }
    }

    /// <summary>Completes when every report in flight of <paramref name="runKeys"/> is finished (whatever its outcome).</summary>
    public Task WhenFinishedAsync(IEnumerable<string> runKeys)
    {
        List<Task>? waits = null;
        lock (_gate)
        {
            foreach (var key in runKeys)
                if (_tails.TryGetValue(key, out var tail) && !tail.IsCompleted) (waits ??= []).Add(tail);
        }
        return waits is null ? Task.CompletedTask : WaitQuietlyAsync(waits);
    }

    /// <summary>Records that the run's latest report finishes with <paramref name="tail"/>; the entry leaves when it completes.</summary>
    public void Add(string runKey, Task tail)
    {
        lock (_gate) _tails[runKey] = tail;
        _ = tail.ContinueWith(
            (done, key) =>
            {
                lock (_gate)
                {
                    if (_tails.TryGetValue((string)key!, out var current) && current == done) _tails.Remove((string)key!);
                }
            },
            runKey, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private static async Task WaitQuietlyAsync(List<Task> waits) =>
        // A failed or cancelled earlier report was given back (or will be); this one only needed it out of the way.
        await Task.WhenAll(waits).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
}
