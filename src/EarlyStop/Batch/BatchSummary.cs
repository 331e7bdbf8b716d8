namespace LcPfn.EarlyStop.Batch;

/// <summary>What a finished <see cref="BatchExtrapolator.RunAsync"/> did.</summary>
/// <param name="Curves">Runs predicted (each gives one row per cutoff and query epoch).</param>
/// <param name="RowsRejected">Runs written to the rejected table.</param>
/// <param name="Predictions">Rows written to the prediction table.</param>
/// <param name="CutoffsSkipped">(run, cutoff) pairs skipped because the run had no observation at or before the cutoff.</param>
/// <param name="Seconds">Wall time of the job, in s.</param>
/// <param name="OutputPath">The prediction table (Parquet).</param>
/// <param name="RejectedPath">The rejected-runs table (Parquet, always written, possibly empty).</param>
/// <param name="Spilled">True when the input was partitioned on disk because it was not grouped by run.</param>
public sealed record BatchSummary(
    long Curves,
    long RowsRejected,
    long Predictions,
    long CutoffsSkipped,
    double Seconds,
    string OutputPath,
    string RejectedPath,
    bool Spilled)
{
    /// <summary>Values of predicted runs that lay just outside the bounds and were clipped to them (<see cref="MetricBounds"/>).</summary>
    public long ValuesClipped { get; init; }

    /// <summary>Predicted runs per second of wall time.</summary>
    public double CurvesPerSecond => Seconds > 0 ? Curves / Seconds : 0;
}
