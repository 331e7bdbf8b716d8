namespace LcPfn.EarlyStop.Batch;

/// <summary>A progress report of a running batch job, at most every <see cref="BatchExtrapolatorOptions.ProgressInterval"/>.</summary>
/// <param name="Curves">Runs predicted so far.</param>
/// <param name="RowsRejected">Runs rejected so far.</param>
/// <param name="Seconds">Wall time since the job started, in s.</param>
/// <param name="CurvesPerSecond">Predicted runs per second so far.</param>
/// <param name="InputFraction">Share of the input consumed, in [0, 1] (bytes for CSV, rows for Parquet; with spilling the partition pass is the first half).</param>
/// <param name="EtaSeconds">Estimated seconds left from <paramref name="InputFraction"/>, or null before anything was read.</param>
public readonly record struct BatchProgress(
    long Curves,
    long RowsRejected,
    double Seconds,
    double CurvesPerSecond,
    double InputFraction,
    double? EtaSeconds);
