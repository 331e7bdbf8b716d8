using System.Globalization;
using LcPfn.Prior;

namespace LcPfn.EarlyStop.State;

/// <summary>
/// The checks of a <see cref="StudyState"/> on what callers report, with messages that name the run and the epoch
/// and say how to fix the report. Nothing here changes the study.
/// </summary>
internal static class StudyReportValidation
{
    /// <exception cref="InvalidInputException">The run id is empty.</exception>
    public static void CheckRunId(string runId)
    {
        if (string.IsNullOrWhiteSpace(runId))
            throw new InvalidInputException("The run id is empty; give every run a non-empty id.");
    }

    /// <exception cref="InvalidInputException">The horizon is outside [1, 100 000].</exception>
    public static void CheckHorizon(string runId, int horizon)
    {
        if (!HorizonLimit.Contains(horizon))
            throw new InvalidInputException($"Run '{runId}': {HorizonLimit.Problem(horizon)}");
    }

    /// <summary>
    /// The value to record: <paramref name="value"/>, or the bound when it lies outside by at most 1 % of the range
    /// (the rule of <see cref="MetricBounds"/>; farther out <see cref="IsRepeat"/> throws).
    /// </summary>
    /// <exception cref="InvalidInputException">The value is NaN or ±infinity.</exception>
    public static double AdmitValue(string runId, int epoch, double value, StopRuleOptions rule)
    {
        if (!double.IsFinite(value))
        {
            throw new InvalidInputException(
                $"Run '{runId}' epoch {epoch}: value {Format(value)} is not a finite number; report finite metric values (NaN and ±infinity are rejected).");
        }
        return MetricBounds.Clip(value, rule.LowerBound, rule.UpperBound, out _) ?? value;
    }

    /// <summary>
    /// Checks a report of <paramref name="run"/> (null: not yet known) at <paramref name="epoch"/>: true when it repeats
    /// an epoch already reported with the same value (nothing to record), false when it is new and valid.
    /// </summary>
    /// <exception cref="InvalidInputException">The epoch is outside 1..<paramref name="horizon"/>, comes before the
    /// run's last epoch without being one of its epochs, repeats an epoch with another value, or the value is outside
    /// the rule's bounds.</exception>
    public static bool IsRepeat(RunRecord? run, string runId, int epoch, double value, int horizon, StopRuleOptions rule)
    {
        if (epoch < 1 || epoch > horizon)
        {
            throw new InvalidInputException(
                $"Run '{runId}': epoch {epoch} is outside 1..{horizon} (the run's horizon); report 1-based epochs up to the horizon, or declare a longer horizon with StartRun.");
        }
        if (run is not null && run.Count > 0 && epoch <= run.Epochs[^1])
        {
            int index = run.Epochs.BinarySearch(epoch);
            if (index < 0)
            {
                throw new InvalidInputException(
                    $"Run '{runId}': epoch {epoch} arrives after epoch {run.Epochs[^1]}; report epochs in increasing order.");
            }
            double previous = run.Values[index];
            if (!previous.Equals(value))
            {
                throw new InvalidInputException(
                    $"Run '{runId}' epoch {epoch} was already reported with value {Format(previous)}; the new value {Format(value)} differs. Report each epoch once (repeating the same value is allowed).");
            }
            return true;
        }
        if (value < rule.LowerBound || value > rule.UpperBound)
        {
            throw new InvalidInputException(
                $"Run '{runId}' epoch {epoch}: value {Format(value)} is outside the metric bounds [{Format(rule.LowerBound)}, {Format(rule.UpperBound)}]; set StopRuleOptions.LowerBound/UpperBound or scale the metric.");
        }
        return false;
    }

    /// <summary>A value as messages show it: shortest round-trip text, invariant culture.</summary>
    public static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
