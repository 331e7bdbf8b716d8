using LcPfn.Prior.Data;

namespace LcPfn.Cli.Commands;

/// <summary>
/// How every command that reads curve files reports the runs the reader rejected: the first few, one a line
/// (<c>rejected: file:row: run 'id' epoch e: code: detail</c>), then a count per <see cref="RejectionReasons"/> code.
/// The same file thus gives the same codes in <c>eval curves</c>, <c>replay</c>, <c>demo</c>, <c>plot</c> and in
/// the rejected-runs table of <c>extrapolate</c>.
/// </summary>
internal static class RejectionLog
{
    /// <summary>How many rejected runs are listed one by one before the counts.</summary>
    public const int LinesShown = 10;

    /// <summary>Writes the report to <paramref name="log"/>; nothing when no run was rejected.</summary>
    public static void Write(TextWriter log, IReadOnlyList<RejectedCurve> rejected)
    {
        if (rejected.Count == 0) return;
        foreach (var r in rejected.Take(LinesShown)) log.WriteLine($"rejected: {r}");
        if (rejected.Count > LinesShown) log.WriteLine($"rejected: ... and {rejected.Count - LinesShown} more");
        foreach (var group in rejected.GroupBy(r => r.Code)) log.WriteLine($"rejected {group.Count()} run(s): {group.Key}");
    }
}
