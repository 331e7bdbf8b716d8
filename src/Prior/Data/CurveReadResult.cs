namespace LcPfn.Prior.Data;

/// <summary>What a reader returns: the accepted curves, in the order their runs first appear, and the rejected runs.</summary>
/// <param name="Curves">Valid curves: at least two finite points, epochs strictly increasing within 1..Horizon.</param>
/// <param name="Rejected">Runs that were refused, each with file, row, epoch and reason.</param>
public sealed record CurveReadResult(IReadOnlyList<LearningCurve> Curves, IReadOnlyList<RejectedCurve> Rejected);
