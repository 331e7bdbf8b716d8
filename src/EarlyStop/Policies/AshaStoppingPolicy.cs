using System.Globalization;

namespace LcPfn.EarlyStop.Policies;

/// <summary>
/// <c>asha</c>: asynchronous successive halving (Li et al. 2020) as a stopping rule, the way Optuna's
/// <c>SuccessiveHalvingPruner</c> applies it. Rungs lie at epochs r·η^k below the horizon (r = <see cref="MinResource"/>,
/// η = <see cref="ReductionFactor"/>). At a rung a run continues only if its value there is among the top
/// ⌊n/η⌋ of the n values every run reported at that epoch (itself included; at least the top 1, so the first runs
/// must be the best so far to pass).
/// </summary>
public sealed class AshaStoppingPolicy : IStoppingPolicy
{
    /// <summary>The policy name.</summary>
    public const string PolicyName = "asha";

    /// <summary>The default reduction factor η: 3.</summary>
    public const int DefaultReductionFactor = 3;

    /// <summary>The default minimum resource r: 1 epoch.</summary>
    public const int DefaultMinResource = 1;

    /// <summary>Creates it.</summary>
    /// <param name="rule">Direction; validated.</param>
    /// <param name="minResource">The first rung's epoch, ≥ 1; default 1.</param>
    /// <param name="reductionFactor">η ≥ 2; default 3.</param>
    public AshaStoppingPolicy(StopRuleOptions? rule = null, int minResource = DefaultMinResource, int reductionFactor = DefaultReductionFactor)
    {
        Rule = (rule ?? new StopRuleOptions()).Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(minResource, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        MinResource = minResource;
        ReductionFactor = reductionFactor;
    }

    /// <inheritdoc />
    public string Name => PolicyName;

    /// <inheritdoc />
    public StopRuleOptions Rule { get; }

    /// <summary>The first rung's epoch.</summary>
    public int MinResource { get; }

    /// <summary>η: a rung keeps the top 1/η.</summary>
    public int ReductionFactor { get; }

    /// <summary>True when <paramref name="epoch"/> is a rung: r·η^k for some k ≥ 0.</summary>
    public bool IsRung(int epoch)
    {
        for (long rung = MinResource; rung <= epoch; rung *= ReductionFactor)
        {
            if (rung == epoch) return true;
        }
        return false;
    }

    /// <inheritdoc />
    public StopDecision Decide(StoppingContext context)
    {
        var run = context.Run;
        if (run.Epoch >= run.Horizon || !IsRung(run.Epoch))
            return StopDecision.Skip(run.RunId, run.Epoch, PolicyName, $"epoch {run.Epoch} is not a rung");

        var values = context.Study.ValuesAt(run.Epoch);
        int n = values.Count;
        int keep = Math.Max(1, n / ReductionFactor);
        var direction = Rule.Direction;
        double cutoff = direction == MetricDirection.Minimize ? values[keep - 1] : values[n - keep];
        bool promote = !direction.IsBetter(cutoff, run.Value);
        string reason = $"value {StopRule.Value(run.Value)} at rung epoch {run.Epoch} is {(promote ? "in" : "not in")} the top {keep} "
            + $"of {n.ToString(CultureInfo.InvariantCulture)} runs (cut-off {StopRule.Value(cutoff)}, η = {ReductionFactor})";
        return new StopDecision(run.RunId, run.Epoch, promote ? StopAction.Continue : StopAction.Stop, PolicyName, reason)
        {
            Evaluated = true, Reference = cutoff,
        };
    }
}
