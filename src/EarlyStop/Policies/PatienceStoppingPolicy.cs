using System.Globalization;

namespace LcPfn.EarlyStop.Policies;

/// <summary>
/// <c>patience</c>: stop a run when its best value has not improved by more than <see cref="MinDelta"/> for
/// <see cref="Patience"/> consecutive epochs (Keras' EarlyStopping). It looks at the run alone, not at the study.
/// Evaluated at every epoch from <see cref="StopRuleOptions.MinEpochs"/> on.
/// </summary>
public sealed class PatienceStoppingPolicy : IStoppingPolicy
{
    /// <summary>The policy name.</summary>
    public const string PolicyName = "patience";

    /// <summary>The default patience: 10 epochs.</summary>
    public const int DefaultPatience = 10;

    /// <summary>Creates it.</summary>
    /// <param name="rule">Schedule and direction; validated.</param>
    /// <param name="patience">Epochs without improvement before stopping, in [1, 100 000]; default 10.</param>
    /// <param name="minDelta">The least change that counts as an improvement, in metric units, ≥ 0; default 0.</param>
    public PatienceStoppingPolicy(StopRuleOptions? rule = null, int patience = DefaultPatience, double minDelta = 0)
    {
        Rule = (rule ?? new StopRuleOptions()).Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(patience, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(patience, StopRuleDefaults.MaxEpochs);
        if (!(minDelta >= 0) || !double.IsFinite(minDelta))
            throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "must be finite and >= 0");
        Patience = patience;
        MinDelta = minDelta;
    }

    /// <inheritdoc />
    public string Name => PolicyName;

    /// <inheritdoc />
    public StopRuleOptions Rule { get; }

    /// <summary>Epochs without improvement before stopping.</summary>
    public int Patience { get; }

    /// <summary>The least change that counts as an improvement, in metric units.</summary>
    public double MinDelta { get; }

    /// <inheritdoc />
    public StopDecision Decide(StoppingContext context)
    {
        var run = context.Run;
        if (run.Epoch < Rule.MinEpochs)
            return StopDecision.Skip(run.RunId, run.Epoch, PolicyName, $"epoch {run.Epoch} is before the first decision at epoch {Rule.MinEpochs}");

        // The epoch of the last improvement: a value better than the best before it by more than MinDelta.
        var direction = Rule.Direction;
        double best = run.Values[0];
        int bestEpoch = run.Epochs[0];
        for (int i = 1; i < run.Values.Count; i++)
        {
            double v = run.Values[i];
            double gain = direction == MetricDirection.Minimize ? best - v : v - best;
            if (gain > MinDelta)
            {
                best = v;
                bestEpoch = run.Epochs[i];
            }
        }
        int since = run.Epoch - bestEpoch;
        bool stop = since >= Patience;
        string reason = $"{since} epochs without improvement {(stop ? ">=" : "<")} patience {Patience} at epoch {run.Epoch}; "
            + $"best {StopRule.Value(best)} at epoch {bestEpoch.ToString(CultureInfo.InvariantCulture)}";
        return new StopDecision(run.RunId, run.Epoch, stop ? StopAction.Stop : StopAction.Continue, PolicyName, reason)
        {
            Evaluated = true, Reference = best,
        };
    }
}
