using System.Globalization;

namespace LcPfn.Prior.Data;

/// <summary>What is wrong with a run: a <see cref="RejectionReasons"/> code and a sentence for humans.</summary>
/// <param name="Code">One of the <see cref="RejectionReasons"/> codes.</param>
/// <param name="Detail">The values and epochs concerned.</param>
/// <param name="Index">The index, in the run's epochs, of the observation with the problem; null when it concerns the run.</param>
public readonly record struct CurveProblem(string Code, string Detail, int? Index = null);

/// <summary>
/// The rules a run's observations must follow, with their codes and wording, in one place: the collect-all readers
/// (<see cref="CurveFileReader"/>) and the streaming assembler of <c>extrapolate</c> both apply them, so the same
/// run is refused for the same reason, in the same words, whichever command reads it.
/// </summary>
public static class CurveRules
{
    /// <summary>
    /// Checks one observation of a run, given the epoch before it in the run (null for the first): the epoch is 1-based
    /// and strictly increasing, the value finite. Null when it is fine.
    /// </summary>
    public static CurveProblem? CheckObservation(int epoch, int? previousEpoch, double value)
    {
        if (epoch < 1) return new(RejectionReasons.EpochOutOfRange, Invariant($"epoch {epoch} is below 1 (epochs are 1-based)"));
        if (previousEpoch is { } previous)
        {
            if (epoch == previous) return new(RejectionReasons.DuplicateEpoch, Invariant($"epoch {epoch} appears twice"));
            if (epoch < previous) return new(RejectionReasons.UnorderedEpochs, Invariant($"epoch {epoch} comes after epoch {previous}"));
        }
        if (double.IsNaN(value)) return new(RejectionReasons.NanValue, Invariant($"the value at epoch {epoch} is NaN"));
        if (double.IsInfinity(value)) return new(RejectionReasons.InfiniteValue, Invariant($"the value at epoch {epoch} is {CurveCells.DescribeNonFinite(value)}"));
        return null;
    }

    /// <summary>A run whose rows state two different horizons.</summary>
    public static CurveProblem HorizonChanges(int previous, int next) =>
        new(RejectionReasons.InvalidHorizon, Invariant($"the horizon changes from {previous} to {next} within the run"));

    /// <summary>
    /// Checks a run's horizon against the limit and its observed epochs (strictly increasing): null when every epoch
    /// lies within 1..<paramref name="horizon"/> and the horizon within the limit. The problem's index is the first
    /// epoch concerned.
    /// </summary>
    public static CurveProblem? CheckHorizon(int horizon, IReadOnlyList<int> epochs)
    {
        if (!HorizonLimit.Contains(horizon))
            return new(RejectionReasons.InvalidHorizon, HorizonLimit.Problem(horizon), epochs.Count == 0 ? null : Math.Max(0, FirstAbove(epochs, HorizonLimit.Max)));
        if (epochs.Count > 0 && epochs[^1] > horizon)
        {
            int i = FirstAbove(epochs, horizon);
            return new(RejectionReasons.EpochOutOfRange, Invariant($"epoch {epochs[i]} is beyond the horizon {horizon}"), i);
        }
        return null;
    }

    private static int FirstAbove(IReadOnlyList<int> epochs, int limit)
    {
        for (int i = 0; i < epochs.Count; i++)
            if (epochs[i] > limit) return i;
        return -1;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
