using System.Globalization;

namespace LcPfn.EarlyStop.Evaluation;

/// <summary>
/// Turns evaluation results into what the CLI prints: JSON-ready dictionaries (snake_case keys fixed here, cutoffs
/// keyed <c>"0.1"</c>…) and a plain text table.
/// </summary>
public static class EvaluationReport
{
    /// <summary>
    /// One method's scores: <c>ll</c>, <c>mse</c>, <c>coverage90</c>, <c>coverage50</c> (each keyed by cutoff),
    /// <c>fallbacks</c> (keyed by cutoff), <c>seconds_per_curve</c> and <c>seconds</c>.
    /// </summary>
    public static Dictionary<string, object?> Metrics(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new Dictionary<string, object?>
        {
            ["ll"] = ByCutoff(result, c => c.LogLikelihood),
            ["mse"] = ByCutoff(result, c => c.MeanSquaredError),
            ["coverage90"] = ByCutoff(result, c => c.Coverage90),
            ["coverage50"] = ByCutoff(result, c => c.Coverage50),
            ["fallbacks"] = result.Cutoffs.ToDictionary(c => CutoffPlan.Key(c.Fraction), c => c.Fallbacks),
            ["seconds_per_curve"] = result.SecondsPerCurve,
            ["seconds"] = result.Seconds,
        };
    }

    /// <summary>
    /// The whole report: the model's metrics at the top level (null when no model was evaluated), <c>curves</c>,
    /// <c>skipped</c>, <c>skipped_reasons</c>, and <c>baselines</c> keyed by name; <paramref name="extra"/> entries
    /// (seed, inputs, …) are added first.
    /// </summary>
    public static Dictionary<string, object?> Build(EvaluationSet set, EvaluationResult? model, IReadOnlyList<EvaluationResult> baselines, IEnumerable<KeyValuePair<string, object?>>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(baselines);
        var report = new Dictionary<string, object?>();
        if (extra is not null)
            foreach (var (k, v) in extra) report[k] = v;
        report["method"] = model?.Method;
        report["curves"] = set.Curves.Count;
        report["skipped"] = set.Skipped.Count;
        report["skipped_reasons"] = set.SkippedByReason;
        var metrics = model is null ? null : Metrics(model);
        foreach (string key in new[] { "ll", "mse", "coverage90", "coverage50", "seconds_per_curve" })
            report[key] = metrics?[key];
        report["baselines"] = baselines.ToDictionary(b => b.Method, b => (object?)Metrics(b));
        return report;
    }

    /// <summary>Writes one line per method and cutoff: LL, MSE, 90 % and 50 % coverage, fallbacks; then seconds per curve.</summary>
    public static void WriteTable(TextWriter writer, IEnumerable<EvaluationResult> results)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(results);
        writer.WriteLine($"{"method",-10} {"cutoff",6} {"ll",9} {"mse",10} {"cov90",6} {"cov50",6} {"fallbacks",9}");
        foreach (var r in results)
        {
            foreach (var c in r.Cutoffs)
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Method,-10} {c.Fraction,6:0.0#} {c.LogLikelihood,9:F3} {c.MeanSquaredError,10:F6} {c.Coverage90,6:F3} {c.Coverage50,6:F3} {c.Fallbacks,9}"));
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Method,-10} {r.Curves} curves, {r.SecondsPerCurve * 1000:F3} ms per curve-cutoff, {r.Seconds:F1} s"));
        }
    }

    private static Dictionary<string, double> ByCutoff(EvaluationResult result, Func<CutoffMetrics, double> metric) =>
        result.Cutoffs.ToDictionary(c => CutoffPlan.Key(c.Fraction), metric);
}
