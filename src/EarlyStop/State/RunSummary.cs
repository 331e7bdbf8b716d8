namespace LcPfn.EarlyStop.State;

/// <summary>A run of a study at a glance.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Horizon">Its final epoch.</param>
/// <param name="Status">Running, stopped or completed.</param>
/// <param name="LastEpoch">The last epoch reported (0 for none).</param>
/// <param name="LastValue">The value at <paramref name="LastEpoch"/>, or null for none.</param>
/// <param name="Decision">Its latest decision, or null before the first report.</param>
public sealed record RunSummary(string RunId, int Horizon, RunStatus Status, int LastEpoch, double? LastValue, StopDecision? Decision);
