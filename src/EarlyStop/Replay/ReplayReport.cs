namespace LcPfn.EarlyStop.Replay;

/// <summary>
/// The figures every replay reports (the demo and <c>lcpfn replay</c> print them, then their own details): how many
/// runs, how many stopped, the epochs used against a study that trains every run to the end, and what stopping cost.
/// </summary>
/// <param name="Runs">Runs replayed.</param>
/// <param name="Studies">Studies they belong to.</param>
/// <param name="Orders">Arrival orders replayed (the figures below are means over them).</param>
/// <param name="Stopped">Runs stopped early.</param>
/// <param name="EpochsUsed">Epochs trained with the rule.</param>
/// <param name="EpochsFull">Epochs a study without stopping trains.</param>
/// <param name="Speedup">EpochsFull / EpochsUsed.</param>
/// <param name="Regret">Best final value of the study minus the best among the runs the rule let finish (file units).</param>
/// <param name="MaxRegret">The largest regret of one study and order.</param>
/// <param name="RegretRate">Share of studies and orders with a positive regret.</param>
/// <param name="Forecasts">Forecasts the replay made.</param>
public sealed record ReplayReport(
    int Runs, int Studies, int Orders, double Stopped, double EpochsUsed, long EpochsFull,
    double Speedup, double Regret, double MaxRegret, double RegretRate, int Forecasts)
{
    /// <summary>The report of <paramref name="result"/>.</summary>
    public static ReplayReport From(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Runs, result.Studies, result.Orders, result.Stopped, result.EpochsUsed, result.EpochsFull,
            result.Speedup, result.Regret, result.MaxRegret, result.RegretRate, result.Forecasts);
    }
}
