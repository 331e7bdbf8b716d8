using LcPfn.Prior.Prediction;

namespace LcPfn.EarlyStop.Calibration;

/// <summary>
/// The calibration of one study, as its decisions go (held by <see cref="State.StudyState"/>, used under its lock). Each
/// forecast a decision reads passes the offline calibration, then the online layer fitted on the pairs known so far;
/// the forecast actually used is kept per run. When a run reaches its horizon, its kept forecasts become pairs with
/// its final value, and the online layer is refitted before the next decision that needs it. So only what was
/// observed before a decision informs it.
/// </summary>
/// <remarks>
/// Survivor bias: only runs that were not stopped reach their horizon, so online pairs come from the runs the rule
/// judged promising. Three things keep this from making the rule bolder than the data allow: shrinkage counts runs,
/// not pairs, so a handful of survivors moves the map little; the split-conformal scale uses the finite-sample level
/// Coverage·(n + 1)/n, so with few runs the interval is the widest seen; and an offline calibration from past studies
/// (unbiased: every past run finished) is the base the online layer corrects. Forecasts of stopped runs are dropped:
/// their final value never comes.
/// </remarks>
public sealed class StudyCalibration
{
    private readonly Dictionary<string, List<(double Fraction, ForecastSketch Sketch)>> pending = new(StringComparer.Ordinal);
    private readonly List<CalibrationPair> pairs = [];
    private CalibrationModel online = CalibrationModel.Identity;
    private bool stale;

    /// <summary>Creates the study's calibration.</summary>
    public StudyCalibration(CalibrationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
    }

    /// <summary>The settings.</summary>
    public CalibrationSettings Settings { get; }

    /// <summary>The online pairs known so far.</summary>
    public IReadOnlyList<CalibrationPair> Pairs => pairs;

    /// <summary>How many runs the online pairs come from.</summary>
    public int PairRuns => pairs.Select(p => p.Group).Distinct(StringComparer.Ordinal).Count();

    /// <summary>The online layer as fitted on the pairs known now (the identity before any run finished).</summary>
    public CalibrationModel OnlineModel
    {
        get
        {
            if (stale)
            {
                // Over an offline base (fitted on past studies, where every run finished) a few survivors should move the
                // forecasts little either way: the widening is shrunk too. Without a base, widening is the safe side.
                var options = Settings.Offline is { IsIdentity: false } ? Settings.OnlineOptions with { ShrinkNarrowingOnly = false } : Settings.OnlineOptions;
                online = CalibrationFitter.Fit(pairs, options, "online");
                stale = false;
            }
            return online;
        }
    }

    /// <summary>
    /// The forecast a decision reads: <paramref name="raw"/> (model units) through the offline calibration and then
    /// the online layer. Kept as the run's forecast at <paramref name="cutoffFraction"/> when <paramref name="runId"/> is given.
    /// </summary>
    public IPredictiveDistribution Calibrate(IPredictiveDistribution raw, double cutoffFraction, string? runId = null)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var based = Settings.Offline is { } offline ? offline.Apply(raw, cutoffFraction) : raw;
        if (Settings.Online && runId is not null)
        {
            if (!pending.TryGetValue(runId, out var list))
                pending[runId] = list = [];
            list.Add((cutoffFraction, ForecastSketch.Of(based)));
        }
        return Settings.Online ? OnlineModel.Apply(based, cutoffFraction) : based;
    }

    /// <summary>The run reached its horizon with <paramref name="finalValue"/> (model units): its kept forecasts become pairs.</summary>
    public void RunCompleted(string runId, double finalValue)
    {
        if (!pending.Remove(runId, out var list) || list.Count == 0) return;
        foreach (var (fraction, sketch) in list)
            pairs.Add(new CalibrationPair(runId, fraction, sketch, finalValue));
        stale = true;
    }

    /// <summary>The run was stopped: its final value will never come, so its kept forecasts are dropped.</summary>
    public void RunStopped(string runId) => pending.Remove(runId);

    /// <summary>The state to save with the study.</summary>
    internal StudyCalibrationDocument ToDocument() => new()
    {
        Describe = Settings.Describe(),
        Pending = pending.SelectMany(kv => kv.Value.Select(f => new StudyCalibrationDocument.Forecast
        {
            Group = kv.Key, CutoffFraction = f.Fraction, Quantiles = [.. f.Sketch.Quantiles],
        })).ToList(),
        Pairs = pairs.Select(p => new StudyCalibrationDocument.Forecast
        {
            Group = p.Group, CutoffFraction = p.CutoffFraction, Quantiles = [.. p.Forecast.Quantiles], Actual = p.Actual,
        }).ToList(),
    };

    /// <summary>Restores what <see cref="ToDocument"/> saved.</summary>
    internal void Restore(StudyCalibrationDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var f in document.Pending)
        {
            if (!pending.TryGetValue(f.Group, out var list))
                pending[f.Group] = list = [];
            list.Add((f.CutoffFraction, new ForecastSketch(f.Quantiles)));
        }
        foreach (var p in document.Pairs)
            pairs.Add(new CalibrationPair(p.Group, p.CutoffFraction, new ForecastSketch(p.Quantiles), p.Actual ?? double.NaN));
        stale = pairs.Count > 0;
    }
}
