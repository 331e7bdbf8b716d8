namespace LcPfn.EarlyStop.Batch;

/// <summary>
/// The <c>reason</c> values of the rejected-runs table (<c>&lt;output&gt;.rejected.parquet</c>). A run is
/// rejected as a whole, for the first problem found in epoch-row order.
/// </summary>
public static class RejectReason
{
    /// <summary>A value is NaN.</summary>
    public const string NanValue = "nan_value";

    /// <summary>A value is +∞ or −∞.</summary>
    public const string InfiniteValue = "infinite_value";

    /// <summary>A value cell is empty or null (long format).</summary>
    public const string MissingValue = "missing_value";

    /// <summary>A CSV value or epoch cell is not a number.</summary>
    public const string UnparsableValue = "unparsable_value";

    /// <summary>The same epoch appears twice in the run.</summary>
    public const string DuplicateEpoch = "duplicate_epoch";

    /// <summary>An epoch is smaller than the one before it.</summary>
    public const string UnorderedEpochs = "unordered_epochs";

    /// <summary>An epoch is below 1 or beyond the run's horizon.</summary>
    public const string EpochOutOfRange = "epoch_out_of_range";

    /// <summary>A value lies outside the declared bounds (<c>--lower</c>/<c>--upper</c>, default [0, 1/scale]).</summary>
    public const string ValueOutOfBounds = "value_out_of_bounds";

    /// <summary>The <c>horizon</c> column differs between rows of the run, is below 1, or the horizon is beyond <see cref="LcPfn.Prior.HorizonLimit.Max"/>.</summary>
    public const string InvalidHorizon = "invalid_horizon";

    /// <summary>The run id is empty.</summary>
    public const string MissingRunId = "missing_run_id";

    /// <summary>The extrapolator refused the run (its message is in <c>detail</c>).</summary>
    public const string ModelRejected = "model_rejected";
}
