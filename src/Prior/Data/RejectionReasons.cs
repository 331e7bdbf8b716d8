namespace LcPfn.Prior.Data;

/// <summary>
/// The fixed phrases every <see cref="RejectedCurve.Reason"/> starts with, so that callers and tests can tell
/// rejections apart without parsing free text. The rest of the reason gives the details (values, epochs, lines).
/// </summary>
public static class RejectionReasons
{
    /// <summary>A value is NaN, +inf or −inf (or overflows to infinity after scaling).</summary>
    public const string NonFiniteValue = "non-finite value";

    /// <summary>A value cell cannot be parsed as a number.</summary>
    public const string NotANumber = "not a number";

    /// <summary>A value or epoch cell is empty or null in a curve table.</summary>
    public const string MissingValue = "missing value";

    /// <summary>A row of a curve table has no run id.</summary>
    public const string MissingRunId = "missing run id";

    /// <summary>An epoch cell is not an integer.</summary>
    public const string EpochNotInteger = "epoch not an integer";

    /// <summary>An epoch is 0 or negative (epochs are 1-based).</summary>
    public const string EpochOutOfRange = "epoch out of range";

    /// <summary>An epoch lies after the run's horizon.</summary>
    public const string EpochBeyondHorizon = "epoch beyond horizon";

    /// <summary>The same epoch appears twice in one run.</summary>
    public const string DuplicateEpoch = "duplicate epoch";

    /// <summary>An epoch is smaller than the one before it in the same run.</summary>
    public const string UnsortedEpochs = "unsorted epochs";

    /// <summary>The run has no observed value at all.</summary>
    public const string EmptyCurve = "empty curve";

    /// <summary>The run has a single observed value; extrapolation and evaluation need at least two.</summary>
    public const string OnePointCurve = "one-point curve";

    /// <summary>The <c>horizon</c> column is not a positive integer.</summary>
    public const string InvalidHorizon = "invalid horizon";

    /// <summary>The <c>schedule</c> column is not a learning-rate schedule, or rows of one run give different ones.</summary>
    public const string InvalidSchedule = "invalid schedule";

    /// <summary>Rows of one run give different horizons.</summary>
    public const string InconsistentHorizon = "inconsistent horizon";

    /// <summary>A CSV row has the wrong number of cells or an unterminated quote (for example a truncated last line).</summary>
    public const string MalformedRow = "malformed row";

    /// <summary>The run id appears twice in a wide file, or in two files read together, within one study.</summary>
    public const string DuplicateRun = "duplicate run";
}
