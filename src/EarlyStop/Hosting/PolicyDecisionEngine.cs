using System.Collections.Concurrent;
using LcPfn.EarlyStop.Calibration;
using LcPfn.EarlyStop.Policies;
using LcPfn.EarlyStop.Replay;
using LcPfn.EarlyStop.State;
using LcPfn.Prior;
using LcPfn.Prior.Data;
using LcPfn.Prior.Prediction;
using LcPfn.Prior.Schedules;

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
    private readonly LearningRateSchedule? _defaultSchedule;
    private readonly StopRuleOptions _rule;
    private readonly PredictiveStoppingPolicy _maximize;
    private readonly PredictiveStoppingPolicy _minimize;
    private readonly ICurveExtrapolator _extrapolator;
    private readonly CalibrationSettings? _calibration;
    private readonly ConcurrentDictionary<(string Run, int Epoch, MetricDirection Direction), ForecastSketch> _pairForecasts = new();
    private readonly ConcurrentDictionary<(string Study, MetricDirection Direction), (int Runs, CalibrationModel Model)> _studyModels = new();

    /// <summary>Creates the engine; the report's direction picks the rule's direction.</summary>
    /// <param name="extrapolator">The PFN (or a baseline), in the model's convention; not owned.</param>
    /// <param name="rule">Threshold, schedule and metric bounds; validated. Its <see cref="StopRuleOptions.Direction"/> is taken from each report.</param>
    /// <exception cref="InvalidInputException">The rule is invalid, or asks for <see cref="BestSoFarMode.CompletedAndConfidentPredictions"/> (not available to stateless replicas).</exception>
    /// <param name="calibration">How forecasts are calibrated: the offline map wraps the extrapolator; with
    /// <see cref="CalibrationSettings.Online"/> each study's completed runs (<see cref="DecisionRequest.StudyCompleted"/>,
    /// loaded by the worker from its state store) calibrate its later decisions. Null: raw forecasts.</param>
    /// <param name="defaultSchedule">The learning-rate schedule of runs whose reports carry none, or null (unknown).</param>
    public PolicyDecisionEngine(ICurveExtrapolator extrapolator, StopRuleOptions rule, CalibrationSettings? calibration = null, LearningRateSchedule? defaultSchedule = null)
    {
        _defaultSchedule = defaultSchedule;
        ArgumentNullException.ThrowIfNull(extrapolator);
        ArgumentNullException.ThrowIfNull(rule);
        rule.Validate();
        if (rule.BestSoFar != BestSoFarMode.CompletedRuns)
            throw new InvalidInputException($"Property BestSoFar: the hosted worker supports only CompletedRuns; was {rule.BestSoFar}");
        _rule = rule;
        _calibration = calibration is { IsActive: true } ? calibration : null;
        if (_calibration?.Offline is { IsIdentity: false } offline)
            extrapolator = new CalibratedExtrapolator(extrapolator, offline);
        _extrapolator = extrapolator;
        _maximize = new PredictiveStoppingPolicy(extrapolator, rule with { Direction = MetricDirection.Maximize });
        _minimize = new PredictiveStoppingPolicy(extrapolator, rule with { Direction = MetricDirection.Minimize });
    }

    /// <inheritdoc />
    public bool NeedsCompletedRuns => _calibration is { Online: true };

    /// <inheritdoc />
    public string? Check(CurveReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return MetricBounds.Clip(report.Value, _rule.LowerBound, _rule.UpperBound, out _) is null
            ? $"value {report.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} is outside the metric bounds [{_rule.LowerBound.ToString(System.Globalization.CultureInfo.InvariantCulture)}, {_rule.UpperBound.ToString(System.Globalization.CultureInfo.InvariantCulture)}]; scale the metric or set LcPfn:EarlyStop:Rule:LowerBound/UpperBound"
            : null;
    }

    /// <inheritdoc />
    public CurveReport Admit(CurveReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return MetricBounds.Clip(report.Value, _rule.LowerBound, _rule.UpperBound, out var clipped) is { } value && clipped
            ? report with { Value = value }
            : report;
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
            var models = new Dictionary<(string, MetricDirection), CalibrationModel>();
            if (NeedsCompletedRuns)
            {
                foreach (var group in items.Where(i => i.NeedsForecast).GroupBy(i => (i.Request.Report.Study, i.Request.Report.Direction)))
                    models[group.Key] = OnlineModel(group.Key.Study, group.Key.Direction, group.First().Request.StudyCompleted, cancellationToken);
            }
            return items.Select(i => Decide(i, models, cancellationToken)).ToList();
        }
        finally
        {
            _maximize.ClearCache(); // forecasts are per micro-batch: the cache must not grow with the service's lifetime
            _minimize.ClearCache();
        }
    }

    private CurveDecision Decide(Item item, Dictionary<(string, MetricDirection), CalibrationModel> models, CancellationToken cancellationToken)
    {
        var report = item.Request.Report;
        if (item.Request.StoppedBy is { } stopped)
            return stopped with { Epoch = report.Epoch, Reason = $"stopped at epoch {stopped.Epoch}: {stopped.Reason}" };
        var forecast = item.NeedsForecast ? item.Policy.Forecast(item.Curve, cancellationToken) : null;
        if (forecast is not null && models.TryGetValue((report.Study, report.Direction), out var model) && !model.IsIdentity)
        {
            // The cached raw forecast is calibrated when the decision reads it, in model units.
            var scale = item.Policy.Rule.CreateMetricScale();
            forecast = scale.ToMetric(model.Apply(scale.FromMetric(forecast), (double)report.Epoch / report.Horizon));
        }
        var study = new BestOnlyStudyView(item.Request.StudyBest);
        var decision = item.Policy.Decide(new StoppingContext(item.View, study, item.Due, forecast));
        return new CurveDecision(report.Study, report.RunId, report.Epoch, decision.ShouldStop, decision.Reason,
            decision.ProbabilityOfImprovement, item.Request.StudyBest, decision.PredictedMedian);
    }

    /// <summary>
    /// The online layer for a study: pairs from its completed runs (the forecast at each of their due checks, recomputed
    /// from the stored curve, which gives what the decisions read; and the final value), fitted once per number of
    /// completed runs. The list only grows, so the count names the set; every replica fits the same map.
    /// </summary>
    private CalibrationModel OnlineModel(string study, MetricDirection direction, IReadOnlyList<LearningCurve> completed, CancellationToken cancellationToken)
    {
        if (completed.Count == 0) return CalibrationModel.Identity;
        if (_studyModels.TryGetValue((study, direction), out var cached) && cached.Runs == completed.Count) return cached.Model;
        var policy = direction == MetricDirection.Minimize ? _minimize : _maximize;
        var scale = policy.Rule.CreateMetricScale();
        var checks = completed.SelectMany(run => ReplaySimulator.CheckPoints(run, policy.Rule).Select(p => (Run: run, Partial: p))).ToList();
        var todo = checks.Where(c => !_pairForecasts.ContainsKey((Key(c.Run), c.Partial.Epochs[^1], direction))).ToList();
        foreach (var chunk in todo.Chunk(PredictiveStoppingPolicy.PrefetchChunk))
        {
            var requests = chunk.Select(c => new ExtrapolationRequest(Key(c.Run), c.Partial.Epochs, [.. c.Partial.Values.Select(scale.ToModel)], c.Run.Horizon, [c.Run.Horizon], c.Run.Schedule ?? _defaultSchedule)).ToList();
            var forecasts = _extrapolator.Extrapolate(requests, cancellationToken);
            for (int i = 0; i < chunk.Length; i++)
                _pairForecasts[(Key(chunk[i].Run), chunk[i].Partial.Epochs[^1], direction)] = ForecastSketch.Of(forecasts[i][0]);
        }
        var pairs = checks.Select(c => new CalibrationPair(Key(c.Run), (double)c.Partial.Epochs[^1] / c.Run.Horizon,
            _pairForecasts[(Key(c.Run), c.Partial.Epochs[^1], direction)], scale.ToModel(c.Run.Values[^1]))).ToList();
        var options = _calibration!.Offline is { IsIdentity: false } ? _calibration.OnlineOptions with { ShrinkNarrowingOnly = false } : _calibration.OnlineOptions;
        var model = CalibrationFitter.Fit(pairs, options, "online");
        _studyModels[(study, direction)] = (completed.Count, model);
        return model;
    }

    private static string Key(LearningCurve run) => $"{run.Study}/{run.RunId}";

    private PredictiveStoppingPolicy PolicyFor(CurveReport report) =>
        report.Direction == MetricDirection.Minimize ? _minimize : _maximize;

    // The view's run id is study/run: forecasts are cached per micro-batch under (run id, epoch).
    private RunView View(DecisionRequest r) => new(r.Report.RunKey, r.Report.Horizon, r.Epochs, r.Values) { Schedule = r.Report.Schedule ?? _defaultSchedule };

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
