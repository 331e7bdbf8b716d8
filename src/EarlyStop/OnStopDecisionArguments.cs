using LcPfn.EarlyStop.State;

namespace LcPfn.EarlyStop;

/// <summary>The arguments of <see cref="EarlyStopCallbackOptions.OnDecision"/>: one new decision.</summary>
public readonly struct OnStopDecisionArguments
{
    /// <summary>Creates the arguments.</summary>
    public OnStopDecisionArguments(StopDecision decision, double value, RunStatus status, DateTimeOffset timestamp, CancellationToken cancellationToken)
    {
        Decision = decision;
        Value = value;
        Status = status;
        Timestamp = timestamp;
        CancellationToken = cancellationToken;
    }

    /// <summary>The decision, with its run id, epoch and reason.</summary>
    public StopDecision Decision { get; }

    /// <summary>The value reported at the decision epoch.</summary>
    public double Value { get; }

    /// <summary>The run's status after the decision.</summary>
    public RunStatus Status { get; }

    /// <summary>When the report was handled, from the callback's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The token of the report (none for the synchronous <see cref="EarlyStopCallback.Report"/>).</summary>
    public CancellationToken CancellationToken { get; }
}
