namespace LcPfn.Prior.Data;

/// <summary>
/// The one catalog of why a run is rejected: stable snake_case codes, the same whichever command reads the curves
/// (<c>eval curves</c>, <c>replay</c>, <c>demo</c>, <c>plot</c>, <c>extrapolate</c>) and whichever reader does it
/// (<see cref="CurveFileReader"/> or the streaming sources of the batch pipeline). A code is written as it is to the
/// rejected-runs table and starts every rejection message (<c>code: detail</c>); the detail names values, epochs
/// and lines. docs/data-formats.md lists the codes; a code never changes meaning once released.
/// </summary>
public static class RejectionReasons
{
    /// <summary>A value is NaN.</summary>
    public const string NanValue = "nan_value";

    /// <summary>A value is +∞ or −∞ (or overflows to infinity after scaling).</summary>
    public const string InfiniteValue = "infinite_value";

    /// <summary>A value or epoch cell is empty (CSV) or null (Parquet).</summary>
    public const string MissingValue = "missing_value";

    /// <summary>A value cell is not a number, or an epoch cell is not an integer.</summary>
    public const string UnparsableValue = "unparsable_value";

    /// <summary>The run id is empty or null.</summary>
    public const string MissingRunId = "missing_run_id";

    /// <summary>An epoch is below 1 (epochs are 1-based) or beyond the run's horizon.</summary>
    public const string EpochOutOfRange = "epoch_out_of_range";

    /// <summary>The same epoch appears twice in one run.</summary>
    public const string DuplicateEpoch = "duplicate_epoch";

    /// <summary>An epoch is smaller than the one before it in the same run.</summary>
    public const string UnorderedEpochs = "unordered_epochs";

    /// <summary>
    /// The <c>horizon</c> cell is not a positive integer, differs between rows of one run, or the horizon is beyond
    /// <see cref="HorizonLimit.Max"/>.
    /// </summary>
    public const string InvalidHorizon = "invalid_horizon";

    /// <summary>
    /// A value lies outside the metric's bounds (<c>--lower</c>/<c>--upper</c>; [0, 1] after <c>--scale</c> for the
    /// model) by more than the clipping tolerance.
    /// </summary>
    public const string ValueOutOfBounds = "value_out_of_bounds";

    /// <summary>The run has no observed value at all.</summary>
    public const string EmptyCurve = "empty_curve";

    /// <summary>The run has a single observed value; extrapolation and evaluation need at least two.</summary>
    public const string OnePointCurve = "one_point_curve";

    /// <summary>The <c>schedule</c> cell is not a learning-rate schedule, or rows of one run give different ones.</summary>
    public const string InvalidSchedule = "invalid_schedule";

    /// <summary>A CSV row has the wrong number of cells or an unterminated quote (for example a truncated last line).</summary>
    public const string MalformedRow = "malformed_row";

    /// <summary>The run id appears twice in a wide file, or in two files read together, within one study.</summary>
    public const string DuplicateRun = "duplicate_run";

    /// <summary>The extrapolator refused the run (its message is the detail).</summary>
    public const string ModelRejected = "model_rejected";

    /// <summary>Every code, in the order docs/data-formats.md lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        NanValue, InfiniteValue, MissingValue, UnparsableValue, MissingRunId, EpochOutOfRange, DuplicateEpoch,
        UnorderedEpochs, InvalidHorizon, ValueOutOfBounds, EmptyCurve, OnePointCurve, InvalidSchedule, MalformedRow,
        DuplicateRun, ModelRejected,
    ];
}
