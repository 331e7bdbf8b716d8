using LcPfn.Prior.Schedules;

namespace LcPfn.EarlyStop;

/// <summary>The options of <see cref="EarlyStopCallback"/>.</summary>
public sealed record EarlyStopCallbackOptions
{
    /// <summary>The default horizon: 100 epochs.</summary>
    public const int DefaultHorizon = 100;

    /// <summary>The final epoch of runs that report without <see cref="EarlyStopCallback.StartRun"/>, in [1, 100 000].</summary>
    /// <value>The default is 100 epochs.</value>
    public int Horizon { get; init; } = DefaultHorizon;

    /// <summary>
    /// The learning-rate schedule of the study's runs over their horizon (a run's own, given to
    /// <see cref="EarlyStopCallback.StartRun"/>, wins); saved and restored with the state.
    /// </summary>
    /// <value>The default is null (unknown).</value>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>
    /// Called after every new decision (not for repeated reports or reports of stopped runs), after the state has
    /// been updated. Exceptions it throws reach the caller of Report. The synchronous Report waits for it.
    /// </summary>
    /// <value>The default is none.</value>
    public Func<OnStopDecisionArguments, ValueTask>? OnDecision { get; init; }
}
