namespace LcPfn.EarlyStop;

/// <summary>
/// What a policy decided for one run after one epoch, and why. <see cref="Reason"/> is a sentence with the
/// numbers behind the decision, e.g. "P(final &gt; best) = 0.012 &lt; 0.05 at epoch 17; predicted final median
/// 0.71 [0.65, 0.74] (5-95%); best so far 0.80". The numeric properties are null where the policy has no such figure.
/// </summary>
/// <param name="RunId">The run decided on.</param>
/// <param name="Epoch">The last epoch the run reported when the decision was made (1-based).</param>
/// <param name="Action">Continue or Stop.</param>
/// <param name="Policy">The policy that decided (<c>lcpfn</c>, <c>median</c>, <c>asha</c>, <c>patience</c>, <c>none</c>).</param>
/// <param name="Reason">The explanation, with its numbers.</param>
public sealed record StopDecision(string RunId, int Epoch, StopAction Action, string Policy, string Reason)
{
    /// <summary>True when the run should stop.</summary>
    public bool ShouldStop => Action == StopAction.Stop;

    /// <summary>True when the rule was evaluated at this epoch; false when the schedule skipped it or the run completed.</summary>
    public bool Evaluated { get; init; }

    /// <summary>P(final value better than the best so far), in [0, 1]; set by <c>lcpfn</c>.</summary>
    public double? ProbabilityOfImprovement { get; init; }

    /// <summary>The predicted median of the final value, in metric units; set by <c>lcpfn</c>.</summary>
    public double? PredictedMedian { get; init; }

    /// <summary>The lower end of the predicted 5-95 % interval of the final value, in metric units.</summary>
    public double? PredictedLow { get; init; }

    /// <summary>The upper end of the predicted 5-95 % interval of the final value, in metric units.</summary>
    public double? PredictedHigh { get; init; }

    /// <summary>The value the run was compared with (best so far, median, rung cut-off), in metric units.</summary>
    public double? Reference { get; init; }

    /// <summary>A decision to continue that evaluated nothing (before the first check, between checks).</summary>
    public static StopDecision Skip(string runId, int epoch, string policy, string reason) =>
        new(runId, epoch, StopAction.Continue, policy, reason);
}
