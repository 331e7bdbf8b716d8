namespace LcPfn.EarlyStop.Batch;

/// <summary>One row of the rejected-runs table: a run that was not predicted, and why.</summary>
/// <param name="RunId">The run's id (empty when the id itself was missing).</param>
/// <param name="Study">The run's study (<c>default</c> without a study column).</param>
/// <param name="Reason">One of the <see cref="LcPfn.Prior.Data.RejectionReasons"/> codes values.</param>
/// <param name="Epoch">The offending epoch, when the problem has one.</param>
/// <param name="Row">The 1-based input row (Parquet) or line (CSV) of the problem, when known.</param>
/// <param name="Detail">A sentence for humans.</param>
public sealed record BatchRejectedRun(string RunId, string Study, string Reason, int? Epoch, long? Row, string Detail);
