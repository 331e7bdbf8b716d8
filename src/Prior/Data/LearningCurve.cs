using LcPfn.Prior.Schedules;

namespace LcPfn.Prior.Data;

/// <summary>
/// One run's observed learning curve: the values measured after the given 1-based epochs, in the units of the file
/// it came from (after any <c>--scale</c>). Epochs are strictly increasing and lie in 1..<see cref="Horizon"/>.
/// </summary>
/// <param name="RunId">The run's identifier, unique within its study.</param>
/// <param name="Study">The study it competes in; runs compete only within a study.</param>
/// <param name="Horizon">The run's final epoch (its training budget).</param>
/// <param name="Epochs">Observed epochs, strictly increasing, 1-based.</param>
/// <param name="Values">The metric after each epoch, same length as <paramref name="Epochs"/>.</param>
public sealed record LearningCurve(string RunId, string Study, int Horizon, int[] Epochs, double[] Values)
{
    /// <summary>The default study name when a file has no <c>study</c> column.</summary>
    public const string DefaultStudy = "default";

    /// <summary>The run's learning-rate schedule over its horizon, or null (unknown): a file's <c>schedule</c> column, else <see cref="CurveReadOptions.Schedule"/>.</summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>Number of observed points.</summary>
    public int Count => Epochs.Length;

    /// <summary>True when every epoch 1..Horizon is observed.</summary>
    public bool IsComplete => Epochs.Length == Horizon && (Horizon == 0 || Epochs[^1] == Horizon);
}
