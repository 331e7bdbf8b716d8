namespace LcPfn.Prior.Data;

/// <summary>
/// A run that a reader refused, with where and why. Rejecting a run never aborts a read: the other runs of the
/// file are still returned.
/// </summary>
/// <param name="File">The file the run came from, as given to the reader.</param>
/// <param name="RunId">The run's identifier; empty when the row has none.</param>
/// <param name="Row">
/// Where the problem is: for CSV the 1-based line number (the header is line 1), for Parquet the 1-based row
/// number across all row groups; null when the problem concerns the run as a whole (too few points).
/// </param>
/// <param name="Epoch">The epoch with the problem, when there is one.</param>
/// <param name="Code">What is wrong: one of the <see cref="RejectionReasons"/> codes.</param>
/// <param name="Detail">A sentence for humans: the values, epochs or lines concerned.</param>
public sealed record RejectedCurve(string File, string RunId, int? Row, int? Epoch, string Code, string Detail)
{
    /// <summary>The code and the detail, as messages print them: <c>code: detail</c>.</summary>
    public string Reason => $"{Code}: {Detail}";

    /// <summary>One line for logs: <c>file:row: run 'id' epoch e: code: detail</c> (the run id quoted and shortened).</summary>
    public override string ToString()
    {
        string where = Row is { } r ? $"{File}:{r}" : File;
        string epoch = Epoch is { } e ? $" epoch {e}" : "";
        return $"{where}: run {CurveCells.Quote(RunId)}{epoch}: {Reason}";
    }
}
