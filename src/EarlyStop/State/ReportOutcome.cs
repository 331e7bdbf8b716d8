namespace LcPfn.EarlyStop.State;

/// <summary>What <see cref="StudyState.Report"/> returns.</summary>
/// <param name="Decision">The run's decision: new for this epoch, or the one it already had.</param>
/// <param name="IsNew">True when this report was recorded and decided; false when it repeated an epoch with the same
/// value or came for a run that had already stopped (the run keeps its decision).</param>
/// <param name="Status">The run's status after the report.</param>
/// <param name="Timestamp">When the report was handled, from the study's <see cref="TimeProvider"/>.</param>
public readonly record struct ReportOutcome(StopDecision Decision, bool IsNew, RunStatus Status, DateTimeOffset Timestamp);
