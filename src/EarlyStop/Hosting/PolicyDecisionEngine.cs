using LcPfn.EarlyStop.Policies;
using LcPfn.Prior;
using LcPfn.Prior.Data;
using LcPfn.Prior.Prediction;

namespace LcPfn.EarlyStop.Hosting;

/// <summary>
/// The worker's <see cref="IDecisionEngine"/> over the early-stopping core: the <c>lcpfn</c> policy
/// (<see cref="PredictiveStoppingPolicy"/>, i.e. <see cref="StopRule"/>) with the configured
/// <see cref="StopRuleOptions"/>. It only adapts: the check schedule is <see cref="StopRule.IsCheckDue"/>, the
/// forecasts of a micro-batch are one batched <see cref="PredictiveStoppingPolicy.Prefetch"/> call, and the decision
/// is <see cref="IStoppingPolicy.Decide"/>. Best so far is the study's best completed final value
/// (<see cref="BestSoFarMode.CompletedRuns"/>), kept by the worker's store. A stopped run stays stopped.
/// </summary>
public sealed class PolicyDecisionEngine : IDecisionEngine
{
    private readonly StopRuleOptions _rule;
    private readonly PredictiveStoppingPolicy _maximize;
    private readonly PredictiveStoppingPolicy _minimize;

    /// <summary>Creates the engine; the report's direction picks the rule's direction.</summary>
    /// <param name="extrapolator">The PFN (or a baseline), in the model's convention; not owned.</param>
    /// <param name="rule">Threshold, schedule and metric bounds; validated. Its <see cref="StopRuleOptions.Direction"/> is taken from each report.</param>
    /// <exception cref="InvalidInputException">The rule is invalid, or asks for <see cref="BestSoFarMode.CompletedAndConfidentPredictions"/> (not available to stateless replicas).</exception>
    public PolicyDecisionEngine(ICurveExtrapolator extrapolator, StopRuleOptions rule)
    {
        ArgumentNullException.ThrowIfNull(extrapolator);
        ArgumentNullException.ThrowIfNull(rule);
        rule.Validate();
        if (rule.BestSoFar != BestSoFarMode.CompletedRuns)
            throw new InvalidInputException($"Property BestSoFar: the hosted worker supports only CompletedRuns; was {rule.BestSoFar}");
        _rule = rule;
        _maximize = new PredictiveStoppingPolicy(extrapolator, rule with { Direction = MetricDirection.Maximize });
        _minimize = new PredictiveStoppingPolicy(extrapolator, rule with { Direction = MetricDirection.Minimize });
    }

    /// <inheritdoc />
    public string? Check(CurveReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Value < _rule.LowerBound || report.Value > _rule.UpperBound
            ? $"value {report.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} is outside the metric bounds [{_rule.LowerBound.ToString(System.Globalization.CultureInfo.InvariantCulture)}, {_rule.UpperBound.ToString(System.Globalization.CultureInfo.InvariantCulture)}]; scale the metric or set LcPfn:EarlyStop:Rule:LowerBound/UpperBound"
            : null;
    }

    /// <inheritdoc />
    public IReadOnlyList<CurveDecision> Decide(IReadOnlyList<DecisionRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var items = requests.Select(r => new Item(r, PolicyFor(r.Report), View(r), CheckDue(r))).ToList();
        try
        {
            // One batched forward pass per direction for every due check that has a best to beat.
            foreach (var group in items.Where(i => i.NeedsForecast).GroupBy(i => i.Policy))
                group.Key.Prefetch(group.Select(i => i.Curve).ToList(), cancellationToken: cancellationToken);
            return items.Select(i => Decide(i, cancellationToken)).ToList();
        }
        finally
        {
            _maximize.ClearCache(); // forecasts are per micro-batch: the cache must not grow with the service's lifetime
            _minimize.ClearCache();
        }
    }

    private CurveDecision Decide(Item item, CancellationToken cancellationToken)
    {
        var report = item.Request.Report;
        if (item.Request.StoppedBy is { } stopped)
            return stopped with { Epoch = report.Epoch, Reason = $"stopped at epoch {stopped.Epoch}: {stopped.Reason}" };
        var forecast = item.NeedsForecast ? item.Policy.Forecast(item.Curve, cancellationToken) : null;
        var study = new BestOnlyStudyView(item.Request.StudyBest);
        var decision = item.Policy.Decide(new StoppingContext(item.View, study, item.Due, forecast));
        return new CurveDecision(report.Study, report.RunId, report.Epoch, decision.ShouldStop, decision.Reason,
            decision.ProbabilityOfImprovement, item.Request.StudyBest, decision.PredictedMedian);
    }

    private PredictiveStoppingPolicy PolicyFor(CurveReport report) =>
        report.Direction == MetricDirection.Minimize ? _minimize : _maximize;

    // The view's run id is study/run: forecasts are cached per micro-batch under (run id, epoch).
    private static RunView View(DecisionRequest r) => new(r.Report.RunKey, r.Report.Horizon, r.Epochs, r.Values) { Schedule = r.Report.Schedule };

    /// <summary>The schedule of <see cref="StopRule.IsCheckDue"/>, replayed over the run's earlier epochs.</summary>
    private bool CheckDue(DecisionRequest r)
    {
        var last = 0;
        for (var i = 0; i < r.Epochs.Count - 1; i++)
            if (StopRule.IsCheckDue(r.Epochs[i], r.Report.Horizon, last, _rule)) last = r.Epochs[i];
        return StopRule.IsCheckDue(r.Report.Epoch, r.Report.Horizon, last, _rule);
    }

    private sealed record Item(DecisionRequest Request, PredictiveStoppingPolicy Policy, RunView View, bool Due)
    {
        public bool NeedsForecast => Due && Request.StoppedBy is null && Request.StudyBest is not null;

        public LearningCurve Curve { get; } = View.ToCurve(Request.Report.Study);
    }

    /// <summary>The study as the hosted worker knows it: only its best completed final value.</summary>
    private sealed class BestOnlyStudyView(double? best) : IStudyView
    {
        private static readonly SortedValues Empty = new();

        public int CompletedRuns => best is null ? 0 : 1;

        public double? BestCompletedFinal => best;

        public double? BestSoFar(string runId) => best;

        public SortedValues ValuesAt(int epoch) => Empty;

        public SortedValues CompletedRunningAveragesAt(int epoch) => Empty;
    }
}
