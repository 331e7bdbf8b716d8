using LcPfn.Prior.Data;
using LcPfn.Prior.Schedules;

namespace LcPfn.EarlyStop.Policies;

/// <summary>
/// A run as a policy sees it while deciding: its observed curve so far (the decision epoch is the last one) and
/// its schedule. Valid only during the call it is passed to.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="Horizon">The run's final epoch.</param>
/// <param name="Epochs">Observed epochs, strictly increasing, 1-based.</param>
/// <param name="Values">Observed values in metric units, one per epoch.</param>
public sealed record RunView(string RunId, int Horizon, IReadOnlyList<int> Epochs, IReadOnlyList<double> Values)
{
    /// <summary>The decision epoch: the last one reported.</summary>
    public int Epoch => Epochs[^1];

    /// <summary>The value at the decision epoch.</summary>
    public double Value => Values[^1];

    /// <summary>The run's learning-rate schedule, or null (unknown).</summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>A copy as a <see cref="LearningCurve"/> of the given study.</summary>
    public LearningCurve ToCurve(string study = LearningCurve.DefaultStudy) =>
        new(RunId, study, Horizon, [.. Epochs], [.. Values]) { Schedule = Schedule };
}
