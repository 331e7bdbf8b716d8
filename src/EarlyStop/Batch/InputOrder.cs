namespace LcPfn.EarlyStop.Batch;

/// <summary>How <see cref="BatchExtrapolator"/> assembles runs from a long-format input.</summary>
public enum InputOrder
{
    /// <summary>
    /// Streams as if the rows of each run were contiguous; if a finished run id shows up again, the attempt is
    /// discarded and the input is re-read with <see cref="Unsorted"/>. The default.
    /// </summary>
    Auto,

    /// <summary>
    /// The rows of each run are contiguous (the curve-table writer and most exports write run by run). A run id
    /// that shows up again after another run started fails the job.
    /// </summary>
    Grouped,

    /// <summary>
    /// Any order: rows are first spilled to temporary partition files by a hash of (study, run id), then each
    /// partition is grouped in memory. Costs one extra pass over the data on disk.
    /// </summary>
    Unsorted,
}
