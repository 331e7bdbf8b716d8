namespace LcPfn.Transformer.Training;

/// <summary>
/// Produces prior batches in index order on dedicated CPU threads, ahead of the compute. A ring of
/// <c>2 × threads</c> slots bounds the queue (backpressure: a worker takes the next index only when a slot is free),
/// so at most that many batches are in memory and the consumer waits only when sampling is the bottleneck.
/// Dedicated threads, not the thread pool: the consumer blocks, and pool starvation would serialise everything.
/// </summary>
internal sealed class BatchPipeline : IDisposable
{
    private readonly Func<long, TrainingBatch> _sample;
    private readonly long _end;
    private readonly Slot[] _slots;
    private readonly SemaphoreSlim _free;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread[] _workers;
    private long _nextToClaim;
    private long _nextToRead;

    /// <summary>Starts producing batches <paramref name="first"/> .. <paramref name="endExclusive"/> − 1.</summary>
    /// <param name="sample">Makes batch i; thread-safe and deterministic in i.</param>
    /// <param name="first">First batch index.</param>
    /// <param name="endExclusive">One past the last index.</param>
    /// <param name="threads">Sampling threads (≥ 1).</param>
    public BatchPipeline(Func<long, TrainingBatch> sample, long first, long endExclusive, int threads)
    {
        _sample = sample;
        _end = endExclusive;
        _nextToClaim = first;
        _nextToRead = first;
        threads = Math.Max(1, threads);
        _slots = [.. Enumerable.Range(0, 2 * threads).Select(_ => new Slot())];
        _free = new SemaphoreSlim(_slots.Length);
        _workers = [.. Enumerable.Range(0, threads).Select(i => new Thread(Work) { IsBackground = true, Name = $"prior-sampler-{i}" })];
        foreach (var worker in _workers) worker.Start();
    }

    /// <summary>The next batch in index order; blocks until it is ready. Rethrows a sampling failure.</summary>
    public TrainingBatch Next()
    {
        if (_nextToRead >= _end) throw new InvalidOperationException("No batches left.");
        var slot = _slots[_nextToRead % _slots.Length];
        slot.Filled.Wait(_stop.Token);
        var (batch, error) = (slot.Batch, slot.Error);
        slot.Batch = null;
        slot.Error = null;
        _nextToRead++;
        _free.Release();
        if (error is not null) throw new InvalidOperationException($"Sampling prior batch {_nextToRead - 1} failed: {error.Message}", error);
        return batch!;
    }

    private void Work()
    {
        try
        {
            while (true)
            {
                _free.Wait(_stop.Token);
                long index = Interlocked.Increment(ref _nextToClaim) - 1;
                if (index >= _end) return;
                var slot = _slots[index % _slots.Length];
                try { slot.Batch = _sample(index); }
                catch (Exception ex) { slot.Error = ex; }
                slot.Filled.Release();
            }
        }
        catch (OperationCanceledException)
        {
            // disposed
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        foreach (var worker in _workers) worker.Join();
        _stop.Dispose();
        _free.Dispose();
        foreach (var slot in _slots) slot.Filled.Dispose();
    }

    private sealed class Slot
    {
        public SemaphoreSlim Filled { get; } = new(0);
        public TrainingBatch? Batch { get; set; }
        public Exception? Error { get; set; }
    }
}
