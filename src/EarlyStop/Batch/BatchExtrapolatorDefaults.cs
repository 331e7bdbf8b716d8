namespace LcPfn.EarlyStop.Batch;

/// <summary>The defaults of <see cref="BatchExtrapolatorOptions"/>, named once.</summary>
public static class BatchExtrapolatorDefaults
{
    /// <summary>Default quantile levels: 0.05, 0.25, 0.5, 0.75, 0.95 (columns q05, q25, q50, q75, q95).</summary>
    public static IReadOnlyList<double> Quantiles { get; } = [0.05, 0.25, 0.5, 0.75, 0.95];

    /// <summary>Extrapolation requests per call of the extrapolator (one request = one run at one cutoff).</summary>
    public const int BatchSize = 256;

    /// <summary>Batches predicted at the same time (1: the extrapolator itself uses every core).</summary>
    public const int MaxConcurrentBatches = 1;

    /// <summary>
    /// Batches in flight for an extrapolator that runs one call at a time (the PFN): 2, so that one batch's requests
    /// and quantiles are computed while the other's forward pass runs.
    /// </summary>
    public const int PfnConcurrentBatches = 2;

    /// <summary>Rows per output row group (about 10 MB of buffers).</summary>
    public const int RowGroupSize = 131_072;

    /// <summary>Observations per spill partition the partition count is sized for (about 100 MB while grouped).</summary>
    public const long SpillPartitionObservations = 1_000_000;

    /// <summary>The most spill partitions (open temporary files) of one job.</summary>
    public const int MaxSpillPartitions = 512;

    /// <summary>
    /// Observations read between two returns of free memory to the system (a compacting full GC and a trim of the
    /// native heap, <c>TorchRuntime.ReleaseFreeMemory</c>): one million, a large row group.
    /// </summary>
    public const long ReleaseMemoryEveryObservations = 1_000_000;

    /// <summary>Bits of the fixed-size filter that notices a run id coming back (8 MiB).</summary>
    public const int RunFilterBits = 1 << 26;

    /// <summary>Least time between two progress reports.</summary>
    public static TimeSpan ProgressInterval { get; } = TimeSpan.FromSeconds(2);
}
