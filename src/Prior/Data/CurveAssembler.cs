using System.Globalization;

using LcPfn.Prior.Schedules;

namespace LcPfn.Prior.Data;

/// <summary>
/// Collects the observations of one file run by run (rows of different runs may interleave), validates them and
/// builds <see cref="LearningCurve"/>s. The first problem of a run rejects the run; its later rows are ignored.
/// Every reader funnels through here, so the validation rules live in one place.
/// </summary>
internal sealed class CurveAssembler
{
    private readonly string _file;
    private readonly CurveReadOptions _options;
    private readonly Dictionary<(string Study, string RunId), RunState> _runs = new();
    private readonly List<RunState> _order = new();
    private readonly List<RejectedCurve> _rowRejections = new();

    public CurveAssembler(string file, CurveReadOptions options)
    {
        _file = file;
        _options = options;
    }

    /// <summary>
    /// Sets the run's schedule from its <c>schedule</c> cell (blank: none); a cell that is not a schedule, or differs
    /// from the run's earlier rows, rejects the run. Files are never read from a cell.
    /// </summary>
    public void SetSchedule(string study, string runId, int row, string? cell)
    {
        if (string.IsNullOrWhiteSpace(cell)) return;
        var run = GetRun(study, runId, row);
        if (run.Rejection is not null) return;
        string text = cell.Trim();
        if (run.ScheduleText is { } previous)
        {
            if (previous != text) Reject(run, row, null, RejectionReasons.InvalidSchedule, $"{CurveCells.Quote(text)} here, {CurveCells.Quote(previous)} on an earlier line/row");
            return;
        }
        try
        {
            run.Schedule = ScheduleText.Resolve(text, allowFiles: false);
            run.ScheduleText = text;
        }
        catch (InvalidInputException)
        {
            Reject(run, row, null, RejectionReasons.InvalidSchedule, $"{CurveCells.Quote(text)} (use {LearningRateSchedule.Syntax})");
        }
    }

    /// <summary>Adds one observation. <paramref name="value"/> is the raw value, before scaling.</summary>
    public void Add(string study, string runId, int row, int epoch, double value, int? horizon = null)
    {
        var run = GetRun(study, runId, row);
        if (run.Rejection is not null) return;

        if (horizon is { } h)
        {
            if (!HorizonLimit.Contains(h))
            {
                Reject(run, row, epoch, RejectionReasons.InvalidHorizon, HorizonLimit.Problem(h));
                return;
            }
            if (run.Horizon is { } previous && previous != h)
            {
                var changes = CurveRules.HorizonChanges(previous, h);
                Reject(run, row, epoch, changes.Code, changes.Detail);
                return;
            }
            if (run.Horizon is null)
            {
                run.Horizon = h;
                run.HorizonRow = row;
            }
        }
        if (CurveRules.CheckObservation(epoch, run.Epochs.Count > 0 ? run.Epochs[^1] : null, value) is { } problem)
        {
            Reject(run, row, epoch, problem.Code, problem.Detail);
            return;
        }
        double scaled = value * _options.Scale;
        if (!double.IsFinite(scaled))
        {
            Reject(run, row, epoch, RejectionReasons.InfiniteValue, $"the value {value.ToString(CultureInfo.InvariantCulture)} at epoch {epoch} overflows after scaling");
            return;
        }
        run.Epochs.Add(epoch);
        run.Values.Add(scaled);
        run.Rows.Add(row);
    }

    /// <summary>Registers a run with no observation yet (a wide row whose cells are all empty stays empty).</summary>
    public void Touch(string study, string runId, int row) => GetRun(study, runId, row);

    /// <summary>Rejects the run (creating it if needed) at a row, with a reason.</summary>
    public void Reject(string study, string runId, int row, int? epoch, string code, string detail)
    {
        var run = GetRun(study, runId, row);
        if (run.Rejection is null) Reject(run, row, epoch, code, detail);
    }

    /// <summary>Records a rejection that belongs to no run being assembled (a row without run id, a duplicate row).</summary>
    public void RejectRow(string runId, int row, int? epoch, string code, string detail) =>
        _rowRejections.Add(new RejectedCurve(_file, runId, row, epoch, code, detail));

    /// <summary>True when the run has already been seen in this file.</summary>
    public bool Contains(string study, string runId) => _runs.ContainsKey((study, runId));

    /// <summary>The first row of a run seen in this file.</summary>
    public int FirstRow(string study, string runId) => _runs[(study, runId)].FirstRow;

    /// <summary>
    /// Validates what was collected and builds the curves. A run's horizon is its own (horizon column), else
    /// <see cref="CurveReadOptions.Horizon"/>, else <paramref name="fallbackHorizon"/> of its study.
    /// </summary>
    public CurveReadResult Build(Func<string, int> fallbackHorizon)
    {
        var curves = new List<LearningCurve>(_order.Count);
        var rejected = new List<RejectedCurve>(_rowRejections);
        foreach (var run in _order)
        {
            if (run.Rejection is null)
                Finish(run, fallbackHorizon);
            if (run.Rejection is not null)
            {
                rejected.Add(run.Rejection);
                continue;
            }
            curves.Add(new LearningCurve(run.RunId, run.Study, run.FinalHorizon, run.Epochs.ToArray(), run.Values.ToArray())
            {
                Schedule = run.Schedule ?? _options.Schedule,
            });
        }
        return new CurveReadResult(curves, rejected.OrderBy(r => r.Row ?? 0).ToList());
    }

    /// <summary>The largest valid epoch seen in a study (0 when none); the default horizon of a curve table.</summary>
    public int MaxEpoch(string study)
    {
        int max = 0;
        foreach (var run in _order)
            if (run.Study == study && run.Epochs.Count > 0)
                max = Math.Max(max, run.Epochs[^1]);
        return max;
    }

    private void Finish(RunState run, Func<string, int> fallbackHorizon)
    {
        int horizon = run.Horizon ?? _options.Horizon ?? fallbackHorizon(run.Study);
        run.FinalHorizon = horizon;
        if (CurveRules.CheckHorizon(horizon, run.Epochs) is { } problem)
        {
            Reject(run, problem.Index is { } i ? run.Rows[i] : run.FirstRow, problem.Index is { } j ? run.Epochs[j] : null, problem.Code, problem.Detail);
            return;
        }
        if (run.Epochs.Count == 0)
            Reject(run, run.FirstRow, null, RejectionReasons.EmptyCurve, "no observed value");
        else if (run.Epochs.Count == 1)
            Reject(run, run.FirstRow, run.Epochs[0], RejectionReasons.OnePointCurve, $"only epoch {run.Epochs[0]} is observed; at least 2 points are needed");
    }

    private RunState GetRun(string study, string runId, int row)
    {
        if (!_runs.TryGetValue((study, runId), out var run))
        {
            run = new RunState(study, runId, row);
            _runs.Add((study, runId), run);
            _order.Add(run);
        }
        return run;
    }

    private void Reject(RunState run, int row, int? epoch, string code, string detail) =>
        run.Rejection = new RejectedCurve(_file, run.RunId, row, epoch, code, detail);

    private sealed class RunState(string study, string runId, int firstRow)
    {
        public string Study { get; } = study;
        public string RunId { get; } = runId;
        public int FirstRow { get; } = firstRow;
        public List<int> Epochs { get; } = new();
        public List<double> Values { get; } = new();
        public List<int> Rows { get; } = new();
        public int? Horizon { get; set; }
        public LearningRateSchedule? Schedule { get; set; }
        public string? ScheduleText { get; set; }
        public int HorizonRow { get; set; }
        public int FinalHorizon { get; set; }
        public RejectedCurve? Rejection { get; set; }
    }
}
