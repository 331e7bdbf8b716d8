namespace LcPfn.EarlyStop.Replay;

/// <summary>
/// The outcome of replaying studies under one policy, averaged over the arrival orders.
/// </summary>
public sealed record ReplayResult
{
    /// <summary>The policy's name.</summary>
    public required string Policy { get; init; }

    /// <summary>The policy's rule (threshold, schedule).</summary>
    public required StopRuleOptions Rule { get; init; }

    /// <summary>Runs in all studies.</summary>
    public required int Runs { get; init; }

    /// <summary>Studies replayed.</summary>
    public required int Studies { get; init; }

    /// <summary>Arrival orders averaged.</summary>
    public required int Orders { get; init; }

    /// <summary>Runs stopped early, averaged over orders.</summary>
    public required double Stopped { get; init; }

    /// <summary>Epochs trained, averaged over orders.</summary>
    public required double EpochsUsed { get; init; }

    /// <summary>Epochs trained without stopping (the sum of the horizons).</summary>
    public required long EpochsFull { get; init; }

    /// <summary><see cref="EpochsFull"/> / <see cref="EpochsUsed"/>: how many times fewer epochs than without stopping.</summary>
    public double Speedup => EpochsUsed > 0 ? EpochsFull / EpochsUsed : 1.0;

    /// <summary>
    /// The best final value without stopping minus the best final value of the runs that completed (sign flipped when
    /// minimising), in the file's units, averaged over studies and orders; 0 when the best run always completed. When
    /// every run of a study was stopped, the best last value seen stands in for the best completed one.
    /// </summary>
    public required double Regret { get; init; }

    /// <summary>The worst regret of any (study, order), in the file's units.</summary>
    public required double MaxRegret { get; init; }

    /// <summary>How often (fraction of study × order) the best run was stopped, so regret was above 0.</summary>
    public required double RegretRate { get; init; }

    /// <summary>Seconds spent forecasting (batched calls of the replay engine; 0 when the policy makes no forecasts or makes them itself).</summary>
    public double PrefetchSeconds { get; init; }

    /// <summary>Forecasts made by the replay engine: each (run, check epoch) an order read, once.</summary>
    public int Forecasts { get; init; }

    /// <summary>Batched forecast calls the replay engine made.</summary>
    public int ForecastBatches { get; init; }

    /// <summary>The most forecasts the replay engine held at once (a run's are dropped once every order has passed it).</summary>
    public int PeakCachedForecasts { get; init; }

    /// <summary>Seconds spent simulating the orders: every report and decision, calibration included, forecasting excluded.</summary>
    public double SimulationSeconds { get; init; }

    /// <summary>Decisions that read a forecast (due checks with a forecast), summed over orders.</summary>
    public long ForecastDecisions { get; init; }

    /// <summary>What happened to each run in the first arrival order (for plots).</summary>
    public required IReadOnlyList<ReplayRunTrace> FirstOrder { get; init; }
}

/// <summary>What happened to one run in one replayed order.</summary>
/// <param name="Study">Its study.</param>
/// <param name="RunId">Its id in the input.</param>
/// <param name="Arrival">Its position in the arrival order (0 = first).</param>
/// <param name="Horizon">Its final epoch.</param>
/// <param name="EpochsTrained">Epochs trained before it stopped or completed.</param>
/// <param name="Stopped">True when the policy stopped it.</param>
/// <param name="Decision">Its last decision.</param>
public sealed record ReplayRunTrace(string Study, string RunId, int Arrival, int Horizon, int EpochsTrained, bool Stopped, StopDecision Decision);
