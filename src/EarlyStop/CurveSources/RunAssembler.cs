using System.Globalization;
using LcPfn.EarlyStop.Batch;
using LcPfn.Prior.Data;

namespace LcPfn.EarlyStop.CurveSources;

/// <summary>A closed run: either a valid curve or the reason it was rejected.</summary>
internal readonly record struct RunOutcome(LearningCurve? Curve, BatchRejectedRun? Rejected);

/// <summary>
/// Turns observations in input order into runs: consecutive rows with the same (study, run id) form one run,
/// which is validated when the next run starts. Holds only the open run.
/// </summary>
internal sealed class RunAssembler
{
    private readonly BatchExtrapolatorOptions options;
    private readonly RunFilter? filter;
    private readonly List<int> epochs = new(256);
    private readonly List<double> values = new(256);
    private readonly List<CellIssue> issues = new(256);
    private readonly List<int> horizons = new(256);
    private readonly List<long> rows = new(256);
    private string? study;
    private string? runId;

    /// <summary>Values of accepted runs that lay just outside the bounds and were clipped to them (<see cref="MetricBounds"/>).</summary>
    public long ValuesClipped { get; private set; }

    /// <param name="options">Bounds and horizon override.</param>
    /// <param name="filter">Notices runs that come back (throws <see cref="RunNotGroupedException"/>); null trusts the grouping.</param>
    public RunAssembler(BatchExtrapolatorOptions options, RunFilter? filter)
    {
        this.options = options;
        this.filter = filter;
    }

    /// <summary>Adds a chunk; closed runs go to <paramref name="output"/>.</summary>
    public void Add(ObservationChunk chunk, List<RunOutcome> output)
    {
        for (var i = 0; i < chunk.Count; i++)
        {
            var s = chunk.Studies?[i] ?? LearningCurve.DefaultStudy;
            if (s.Length == 0) s = LearningCurve.DefaultStudy;
            var r = chunk.RunIds[i];
            if (runId is null || !string.Equals(r, runId, StringComparison.Ordinal) || !string.Equals(s, study, StringComparison.Ordinal))
            {
                Close(output);
                if (filter is not null && !filter.TryAdd(s, r)) throw new RunNotGroupedException(s, r, chunk.Rows[i]);
                study = s;
                runId = r;
            }
            epochs.Add(chunk.Epochs[i]);
            values.Add(chunk.Values[i]);
            issues.Add(chunk.Issues[i]);
            horizons.Add(chunk.Horizons?[i] ?? 0);
            rows.Add(chunk.Rows[i]);
        }
    }

    /// <summary>Closes the last run.</summary>
    public void Finish(List<RunOutcome> output) => Close(output);

    private void Close(List<RunOutcome> output)
    {
        if (runId is null) return;
        output.Add(Validate(study!, runId));
        epochs.Clear();
        values.Clear();
        issues.Clear();
        horizons.Clear();
        rows.Clear();
        runId = null;
        study = null;
    }

    private RunOutcome Validate(string s, string r)
    {
        RunOutcome Reject(string reason, int index, string detail) =>
            new(null, new BatchRejectedRun(r, s, reason, index >= 0 && !(epochs[index] == 0 && issues[index] != CellIssue.None) ? epochs[index] : null, index >= 0 ? rows[index] : null, detail));

        if (r.Length == 0) return Reject(RejectionReasons.MissingRunId, 0, "the run id is empty");
        // A wide row whose cells are all empty surfaces as one epoch-0 missing observation (CsvObservationSource).
        if (epochs.Count == 1 && epochs[0] == 0 && issues[0] == CellIssue.Missing) return Reject(RejectionReasons.EmptyCurve, 0, "no observed value");

        var lower = options.EffectiveLower;
        var upper = options.EffectiveUpper;
        var n = epochs.Count;
        var clippedInRun = 0;
        for (var i = 0; i < n; i++)
        {
            var e = epochs[i];
            var v = values[i];
            switch (issues[i])
            {
                case CellIssue.Missing: return Reject(RejectionReasons.MissingValue, i, "an epoch or value cell is empty");
                case CellIssue.Unparsable: return Reject(RejectionReasons.UnparsableValue, i, "an epoch or value cell is not a number");
                case CellIssue.Malformed: return Reject(RejectionReasons.MalformedRow, i, "the row has a different number of cells than the header, or an unterminated quote (truncated file?)");
            }
            if (CurveRules.CheckObservation(e, i > 0 ? epochs[i - 1] : null, v) is { } problem) return Reject(problem.Code, i, problem.Detail);
            if (MetricBounds.Clip(v, lower, upper, out var clipped) is not { } inBounds)
                return Reject(RejectionReasons.ValueOutOfBounds, i, Invariant($"the value {v} at epoch {e} is outside the declared bounds [{lower}, {upper}] by more than {MetricBounds.Tolerance:P0} of their range (set --lower/--upper or --scale)"));
            if (clipped)
            {
                values[i] = inBounds;
                clippedInRun++;
            }
        }

        int horizon;
        if (options.Horizon is { } forced)
        {
            horizon = forced;
        }
        else
        {
            horizon = 0;
            for (var i = 0; i < n; i++)
            {
                var h = horizons[i];
                if (h == 0) continue;
                if (h < 0) return Reject(RejectionReasons.InvalidHorizon, i, "the horizon cell is not a positive integer");
                if (horizon != 0 && h != horizon) return Reject(RejectionReasons.InvalidHorizon, i, CurveRules.HorizonChanges(horizon, h).Detail);
                horizon = h;
            }
            if (horizon == 0) horizon = epochs[n - 1];
        }
        if (CurveRules.CheckHorizon(horizon, epochs) is { } horizonProblem)
            return Reject(horizonProblem.Code, horizonProblem.Index ?? 0, horizonProblem.Detail);
        ValuesClipped += clippedInRun;
        return new RunOutcome(new LearningCurve(r, s, horizon, epochs.ToArray(), values.ToArray()) { Schedule = options.Schedule }, null);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
