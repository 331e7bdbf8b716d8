using LcPfn.EarlyStop.Calibration;
using LcPfn.EarlyStop.Policies;
using LcPfn.Prior;
using LcPfn.Prior.Data;
using LcPfn.Prior.Prediction;
using LcPfn.Prior.Schedules;
using LcPfn.Transformer.Inference;

namespace LcPfn.EarlyStop.State;

/// <summary>
/// The state of one study in one process: its runs, their curves and decisions, the best final value so far, and the
/// per-epoch statistics policies compare with. It validates each report, asks the policy, and keeps the decision.
/// Thread-safe: many runs may report at once. The embedded <see cref="EarlyStopCallback"/> and the replay simulator
/// use it, so they decide alike; the hosted worker does not (it keeps each run in its store, see
/// <c>Hosting/PolicyDecisionEngine</c>). Saves to and restores from JSON.
/// </summary>
/// <remarks>
/// A report is handled in up to three steps: under the lock it is validated (nothing changes when it is bad); when
/// the policy uses forecasts and a check is due, the forecast is made outside the lock (it may take milliseconds);
/// then, under the lock again, the report is validated once more, recorded, and decided. The responsibilities live
/// apart: <see cref="RunRecord"/> (a run's state), <see cref="StudyReportValidation"/> (the checks),
/// <see cref="StudyStatistics"/> (what policies compare with) and <see cref="StudyStateJson"/> (persistence); this
/// class holds the lock and the order of the steps.
/// </remarks>
public sealed class StudyState
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, RunRecord> runs = new(StringComparer.Ordinal);
    private readonly TimeProvider time;
    private readonly StudyStatistics statistics;
    private readonly StudyCalibration? calibration;
    private readonly MetricScale scale;

    /// <summary>Creates an empty study.</summary>
    /// <param name="policy">Decides after each report; its <see cref="IStoppingPolicy.Rule"/> gives direction and bounds.</param>
    /// <param name="defaultHorizon">The horizon of runs that report without <see cref="StartRun"/>, in [1, 100 000].</param>
    /// <param name="timeProvider">Stamps reports; <see cref="TimeProvider.System"/> when null.</param>
    public StudyState(IStoppingPolicy policy, int defaultHorizon, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!HorizonLimit.Contains(defaultHorizon))
            throw new InvalidInputException($"Horizon: {HorizonLimit.Problem(defaultHorizon)}");
        policy.Rule.Validate();
        Policy = policy;
        DefaultHorizon = defaultHorizon;
        time = timeProvider ?? TimeProvider.System;
        statistics = new StudyStatistics(policy.Rule, runs);
        scale = policy.Rule.CreateMetricScale();
        calibration = policy.UsesForecast && policy.Calibration is { IsActive: true } settings ? new StudyCalibration(settings) : null;
    }

    /// <summary>The study's calibration (offline map and online pairs), or null when decisions read raw forecasts.</summary>
    public StudyCalibration? Calibration => calibration;

    /// <summary>The policy that decides.</summary>
    public IStoppingPolicy Policy { get; }

    /// <summary>The options of the policy's rule.</summary>
    public StopRuleOptions Rule => Policy.Rule;

    /// <summary>The horizon of runs that report without <see cref="StartRun"/>.</summary>
    public int DefaultHorizon { get; }

    /// <summary>The best final value of the completed runs, or null when none completed.</summary>
    public double? BestCompletedFinal { get { lock (gate) return statistics.BestCompletedFinal; } }

    /// <summary>How many runs reached their horizon.</summary>
    public int CompletedRuns { get { lock (gate) return statistics.CompletedRuns; } }

    /// <summary>How many runs the study knows.</summary>
    public int RunCount { get { lock (gate) return runs.Count; } }

    /// <summary>
    /// The learning-rate schedule of runs that do not declare their own in <see cref="StartRun"/> (null: unknown).
    /// Forecasts of a model trained with the schedule input condition on it. Set it before runs report.
    /// </summary>
    public LearningRateSchedule? Schedule { get; set; }

    /// <summary>
    /// Declares a run with its own horizon (and, optionally, its own learning-rate schedule over that horizon) before
    /// it reports. Repeating it with the same horizon does nothing.
    /// </summary>
    /// <exception cref="InvalidInputException">The run id is empty, the horizon is outside [1, 100 000], or the run exists with another horizon.</exception>
    public void StartRun(string runId, int horizon, LearningRateSchedule? schedule = null)
    {
        StudyReportValidation.CheckRunId(runId);
        StudyReportValidation.CheckHorizon(runId, horizon);
        lock (gate)
        {
            if (runs.TryGetValue(runId, out var run))
            {
                if (run.Horizon != horizon)
                    throw new InvalidInputException($"Run '{runId}' already has horizon {run.Horizon}; it cannot be restarted with horizon {horizon}.");
                return;
            }
            runs[runId] = new RunRecord(runId, horizon) { Schedule = schedule };
        }
    }

    /// <summary>
    /// Records that run <paramref name="runId"/> reached <paramref name="value"/> after <paramref name="epoch"/> and
    /// decides whether it continues. An unknown run starts (with <see cref="DefaultHorizon"/>). Repeating an epoch with
    /// the same value changes nothing and returns the run's decision; a run that stopped keeps its decision.
    /// </summary>
    /// <param name="runId">The run; any non-empty string.</param>
    /// <param name="epoch">1-based, above the run's last epoch (gaps are allowed), at most its horizon.</param>
    /// <param name="value">The metric, finite and within the rule's bounds (one outside by at most 1 % of their range
    /// is clipped to the bound, the rule of <see cref="MetricBounds"/>).</param>
    /// <param name="cancellationToken">Cancels a forecast in progress.</param>
    /// <exception cref="InvalidInputException">The report is bad (NaN/±inf, epoch out of order or beyond the horizon,
    /// a repeated epoch with another value, a value outside the bounds); the run's state is unchanged.</exception>
    public ReportOutcome Report(string runId, int epoch, double value, CancellationToken cancellationToken = default)
    {
        StudyReportValidation.CheckRunId(runId);
        value = StudyReportValidation.AdmitValue(runId, epoch, value, Rule);

        LearningCurve? snapshot = null;
        int countAtSnapshot = 0;
        lock (gate)
        {
            var (run, existing) = Admit(runId, epoch, value);
            if (existing is { } outcome) return outcome;
            int horizon = run?.Horizon ?? DefaultHorizon;
            if (Policy.UsesForecast && epoch < horizon && StopRule.IsCheckDue(epoch, horizon, run?.LastCheckEpoch ?? 0, Rule)
                && (Rule.BestSoFar == BestSoFarMode.CompletedAndConfidentPredictions || statistics.BestSoFar(runId) is not null
                    || calibration is { Settings.Online: true }))
            {
                countAtSnapshot = run?.Count ?? 0;
                snapshot = RunRecord.Snapshot(runId, horizon, run, epoch, value) with { Schedule = run?.Schedule ?? Schedule };
            }
        }

        IPredictiveDistribution? forecast = snapshot is null ? null : Policy.Forecast(snapshot, cancellationToken);

        lock (gate)
        {
            var (run, existing) = Admit(runId, epoch, value);
            if (existing is { } outcome) return outcome;
            if (run is null)
            {
                run = new RunRecord(runId, DefaultHorizon);
                runs[runId] = run;
            }
            // Another report of this run came in while the forecast was made: it is for another curve now.
            if (run.Count != countAtSnapshot) forecast = null;
            return Commit(run, epoch, value, forecast);
        }
    }

    /// <summary>The run's latest decision, or null when it is unknown or has not reported.</summary>
    public StopDecision? LatestDecision(string runId)
    {
        lock (gate) return runs.TryGetValue(runId, out var run) ? run.Decision : null;
    }

    /// <summary>Every run at a glance, ordered by run id.</summary>
    public IReadOnlyList<RunSummary> Runs()
    {
        lock (gate)
        {
            return runs.Values.OrderBy(r => r.RunId, StringComparer.Ordinal)
                .Select(r => new RunSummary(r.RunId, r.Horizon, r.Status, r.Count == 0 ? 0 : r.Epochs[^1], r.Count == 0 ? null : r.Values[^1], r.Decision))
                .ToList();
        }
    }

    /// <summary>The state as JSON: runs with curves, statuses and decisions, the best so far, and the rule.</summary>
    public string ToJson()
    {
        var document = new StudyStateDocument();
        lock (gate)
        {
            document.Policy = Policy.Name;
            document.DefaultHorizon = DefaultHorizon;
            document.Schedule = ScheduleDocument.From(Schedule);
            document.Rule = Rule;
            document.BestCompletedFinal = statistics.BestCompletedFinal;
            document.SavedAt = time.GetUtcNow();
            document.Calibration = calibration?.ToDocument();
            foreach (var run in runs.Values.OrderBy(r => r.RunId, StringComparer.Ordinal))
                document.Runs.Add(StudyStateJson.ToDocument(run));
        }
        return StudyStateJson.Serialize(document);
    }

    /// <summary>
    /// Restores a study saved by <see cref="ToJson"/>: runs, curves, statuses, decisions and the best so far; the
    /// per-epoch statistics are rebuilt from the curves. Later reports decide as if there had been no interruption.
    /// </summary>
    /// <param name="json">The saved state.</param>
    /// <param name="policy">The policy to continue with; must have the saved policy's name.</param>
    /// <param name="timeProvider">Stamps later reports.</param>
    /// <exception cref="InvalidInputException">The JSON is not a saved study, is of another format version or
    /// policy, or holds an inconsistent run (the message names it).</exception>
    public static StudyState FromJson(string json, IStoppingPolicy policy, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(policy);
        var document = StudyStateJson.Parse(json, policy.Name);
        var state = new StudyState(policy, document.DefaultHorizon, timeProvider) { Schedule = document.Schedule?.ToSchedule("the study") };
        foreach (var saved in document.Runs)
        {
            var run = StudyStateJson.ToRun(saved, state.runs);
            state.runs[run.RunId] = run;
            for (int i = 0; i < saved.Epochs.Length; i++)
                state.Append(run, saved.Epochs[i], saved.Values[i]);
            run.Status = saved.Status;
            if (run.Status == RunStatus.Completed) state.statistics.AddCompleted(run);
        }
        if (document.Calibration is { } savedCalibration && state.calibration is not null)
            state.calibration.Restore(savedCalibration);
        return state;
    }

    /// <summary>
    /// Validates a report against the run's state without changing anything. Returns the run (null when unknown) and,
    /// when nothing is to be recorded (a stopped run, a repeated epoch with the same value), the outcome to return.
    /// </summary>
    private (RunRecord? Run, ReportOutcome? Existing) Admit(string runId, int epoch, double value)
    {
        runs.TryGetValue(runId, out var run);
        if (run is { Status: RunStatus.Stopped, Decision: { } stopped })
            return (run, new ReportOutcome(stopped, false, RunStatus.Stopped, time.GetUtcNow()));
        if (!StudyReportValidation.IsRepeat(run, runId, epoch, value, run?.Horizon ?? DefaultHorizon, Rule))
            return (run, null);
        var decision = run!.Decision ?? StopDecision.Skip(runId, run.Epochs[^1], Policy.Name, "restored without a decision");
        return (run, new ReportOutcome(decision, false, run.Status, time.GetUtcNow()));
    }

    private ReportOutcome Commit(RunRecord run, int epoch, double value, IPredictiveDistribution? forecast)
    {
        var now = time.GetUtcNow();
        Append(run, epoch, value);
        run.LastReportAt = now;
        if (epoch == run.Horizon)
        {
            run.Status = RunStatus.Completed;
            run.ConfidentValue = null;
            statistics.AddCompleted(run);
            calibration?.RunCompleted(run.RunId, scale.ToModel(value));
            run.Decision = StopDecision.Skip(run.RunId, epoch, Policy.Name, $"reached its horizon ({run.Horizon}) with final value {StopRule.Value(value)}");
            return new ReportOutcome(run.Decision, true, run.Status, now);
        }

        bool due = StopRule.IsCheckDue(epoch, run.Horizon, run.LastCheckEpoch, Rule);
        if (due) run.LastCheckEpoch = epoch;
        // The raw (cacheable) forecast is calibrated here, when the decision reads it, with what the study knows now.
        if (forecast is not null && calibration is not null)
            forecast = scale.ToMetric(calibration.Calibrate(scale.FromMetric(forecast), (double)epoch / run.Horizon, run.RunId));
        if (forecast is not null && Rule.BestSoFar == BestSoFarMode.CompletedAndConfidentPredictions)
            run.ConfidentValue = StopRule.ConfidentValue(forecast, Rule);
        var context = new StoppingContext(new RunView(run.RunId, run.Horizon, run.Epochs, run.Values), statistics, due, forecast);
        var decision = Policy.Decide(context);
        if (decision.ShouldStop)
        {
            calibration?.RunStopped(run.RunId);
            run.Status = RunStatus.Stopped;
            run.ConfidentValue = null;
        }
        run.Decision = decision;
        return new ReportOutcome(decision, true, run.Status, now);
    }

    private void Append(RunRecord run, int epoch, double value)
    {
        run.Epochs.Add(epoch);
        run.Values.Add(value);
        statistics.Add(epoch, value);
    }
}
