using System.Globalization;

namespace LcPfn.EarlyStop.Policies;

/// <summary>
/// <c>median</c>: the median stopping rule of Google Vizier (Golovin et al. 2017). At a due check (the shared
/// schedule of <see cref="StopRule.IsCheckDue"/>) stop a run when its best value so far is worse than the median
/// (<see cref="Percentile"/>) of the running averages, up to the same epoch, of the completed runs. It waits for
/// <see cref="MinCompletedRuns"/> completed runs first (Optuna's <c>n_startup_trials</c>).
/// </summary>
public sealed class MedianStoppingPolicy : IStoppingPolicy
{
    /// <summary>The policy name.</summary>
    public const string PolicyName = "median";

    /// <summary>The default number of completed runs before the first stop: 5.</summary>
    public const int DefaultMinCompletedRuns = 5;

    /// <summary>The default percentile: 50 (the median).</summary>
    public const double DefaultPercentile = 50;

    /// <summary>Creates it.</summary>
    /// <param name="rule">Schedule and direction; validated.</param>
    /// <param name="minCompletedRuns">Completed runs needed before any stop, ≥ 1; default 5.</param>
    /// <param name="percentile">Which percentile of the others a run must reach, in (0, 100], counted from the worst; default 50.</param>
    public MedianStoppingPolicy(StopRuleOptions? rule = null, int minCompletedRuns = DefaultMinCompletedRuns, double percentile = DefaultPercentile)
    {
        Rule = (rule ?? new StopRuleOptions()).Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(minCompletedRuns, 1);
        if (!(percentile > 0 && percentile <= 100))
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "must be in (0, 100]");
        MinCompletedRuns = minCompletedRuns;
        Percentile = percentile;
    }

    /// <inheritdoc />
    public string Name => PolicyName;

    /// <inheritdoc />
    public StopRuleOptions Rule { get; }

    /// <summary>Completed runs needed before any stop.</summary>
    public int MinCompletedRuns { get; }

    /// <summary>The percentile of the completed runs' running averages a run must reach (50 = median).</summary>
    public double Percentile { get; }

    /// <inheritdoc />
    public StopDecision Decide(StoppingContext context)
    {
        var run = context.Run;
        if (!context.CheckDue)
            return StopDecision.Skip(run.RunId, run.Epoch, PolicyName, $"no check due at epoch {run.Epoch}");
        if (context.Study.CompletedRuns < MinCompletedRuns)
        {
            return StopDecision.Skip(run.RunId, run.Epoch, PolicyName,
                $"{context.Study.CompletedRuns} completed runs, fewer than the {MinCompletedRuns} needed before stopping");
        }
        var averages = context.Study.CompletedRunningAveragesAt(run.Epoch);
        if (averages.Count == 0)
            return StopDecision.Skip(run.RunId, run.Epoch, PolicyName, $"no completed run reported epoch {run.Epoch}");

        var direction = Rule.Direction;
        // Counted from the worst: when minimising, the p-th percentile from the worst is the (100 − p)-th from below.
        double reference = averages.Percentile(direction == MetricDirection.Minimize ? 100 - Percentile : Percentile);
        double best = direction.Best(run.Values);
        bool stop = direction.IsBetter(reference, best);
        string what = Percentile == 50 ? "median" : $"{Percentile.ToString("0.#", CultureInfo.InvariantCulture)}th percentile";
        string reason = $"best value {StopRule.Value(best)} {(stop ? direction.WorseSign() : "not " + direction.WorseSign())} {what} "
            + $"{StopRule.Value(reference)} of the running averages of {averages.Count} completed runs at epoch {run.Epoch}";
        return new StopDecision(run.RunId, run.Epoch, stop ? StopAction.Stop : StopAction.Continue, PolicyName, reason)
        {
            Evaluated = true, Reference = reference,
        };
    }
}
