using System.Globalization;
using LcPfn.Prior;
using LcPfn.Prior.Data;
using LcPfn.Prior.Prediction;
using ScottPlot;

namespace LcPfn.Cli.Plotting;

/// <summary>
/// The predictive fan chart of one run (<c>lcpfn plot</c>, <c>lcpfn demo</c>): the curve observed up to the cutoff,
/// the predictive median and the 50 % and 90 % central bands of every later epoch up to the horizon, the actual
/// continuation where the file holds it, the cutoff (or stop) epoch as a vertical line, and the study's best value
/// the run was compared with. Values are drawn in the file's units (divided by <c>--scale</c>).
/// </summary>
internal static class FanChart
{
    /// <summary>The default image width in pixels.</summary>
    public const int DefaultWidth = 1100;

    /// <summary>The default image height in pixels.</summary>
    public const int DefaultHeight = 620;

    /// <summary>The quantile levels the chart draws: 5, 25, 50, 75 and 95 %.</summary>
    public static IReadOnlyList<double> Levels { get; } = [0.05, 0.25, 0.5, 0.75, 0.95];

    /// <summary>
    /// Asks <paramref name="extrapolator"/> for the distribution of every epoch after <paramref name="cutoff"/> up to
    /// the run's horizon, from the observations up to the cutoff, and returns everything the chart needs.
    /// </summary>
    /// <param name="extrapolator">Works in the model's convention (increasing is better, [0, 1]).</param>
    /// <param name="run">The run, with values already in [0, 1] (read with <c>--scale</c>).</param>
    /// <param name="cutoff">The last epoch the prediction may see, in [1, horizon].</param>
    /// <param name="scale">The factor the values were read with; the chart shows value / scale.</param>
    /// <param name="cancellationToken">Stops the prediction.</param>
    /// <exception cref="InvalidInputException">The cutoff is outside the run, or no epoch is observed up to it.</exception>
    public static FanChartData Predict(ICurveExtrapolator extrapolator, LearningCurve run, int cutoff, double scale, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(extrapolator);
        ArgumentNullException.ThrowIfNull(run);
        if (cutoff < 1 || cutoff > run.Horizon)
            throw new InvalidInputException($"Run '{run.RunId}': the cutoff must be in [1, {run.Horizon}] (its horizon); was {cutoff}.");
        int seen = CountUpTo(run, cutoff);
        if (seen == 0)
            throw new InvalidInputException($"Run '{run.RunId}' has no observation at or before epoch {cutoff}; choose a later --cutoff.");
        for (int i = 0; i < seen; i++)
        {
            if (run.Values[i] < 0 || run.Values[i] > 1)
            {
                throw new InvalidInputException(
                    $"{LcPfn.Prior.Data.RejectionReasons.ValueOutOfBounds}: Run '{run.RunId}', epoch {run.Epochs[i]}: value {Format(run.Values[i] / scale)} is outside [0, 1] after --scale {Format(scale)}; "
                    + "the model expects fractions (use --scale 0.01 for percent).");
            }
        }

        var queries = Enumerable.Range(cutoff + 1, run.Horizon - cutoff).ToArray();
        var quantiles = new double[Levels.Count][];
        if (queries.Length > 0)
        {
            var request = new ExtrapolationRequest(run.RunId, run.Epochs[..seen], run.Values[..seen], run.Horizon, queries, run.Schedule);
            var predictions = extrapolator.Extrapolate([request], cancellationToken)[0];
            for (int k = 0; k < Levels.Count; k++)
                quantiles[k] = [.. predictions.Select(p => p.Quantile(Levels[k]) / scale)];
        }
        else
        {
            for (int k = 0; k < Levels.Count; k++) quantiles[k] = [];
        }

        return new FanChartData
        {
            RunId = run.RunId,
            Study = run.Study,
            Horizon = run.Horizon,
            Cutoff = cutoff,
            Method = extrapolator.Name,
            ObservedEpochs = run.Epochs[..seen],
            ObservedValues = [.. run.Values[..seen].Select(v => v / scale)],
            ActualEpochs = run.Epochs[seen..],
            ActualValues = [.. run.Values[seen..].Select(v => v / scale)],
            QueryEpochs = queries,
            Q05 = quantiles[0],
            Q25 = quantiles[1],
            Median = quantiles[2],
            Q75 = quantiles[3],
            Q95 = quantiles[4],
        };
    }

    /// <summary>Draws the chart and writes it as a PNG (the folder is created when missing).</summary>
    public static void Save(string path, FanChartData data, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(data);
        var plot = new Plot();
        Draw(plot, data);
        OutputPaths.PrepareFile(path, "--out", ".png");
        plot.SavePng(path, width, height);
    }

    /// <summary>Draws the chart onto <paramref name="plot"/>.</summary>
    public static void Draw(Plot plot, FanChartData data)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentNullException.ThrowIfNull(data);
        var blue = Colors.SteelBlue;
        var orange = Colors.DarkOrange;

        if (data.QueryEpochs.Length > 0)
        {
            // The bands start at the last observation so that the fan visibly grows out of the curve.
            double startX = data.ObservedEpochs[^1];
            double startY = data.ObservedValues[^1];
            double[] xs = [startX, .. data.QueryEpochs.Select(e => (double)e)];
            double[] Band(double[] values) => [startY, .. values];

            var outer = plot.Add.FillY(xs, Band(data.Q05), Band(data.Q95));
            outer.FillColor = blue.WithAlpha(0.18);
            outer.LineColor = blue.WithAlpha(0.35);
            outer.LegendText = "90 % band (5-95 %)";
            var inner = plot.Add.FillY(xs, Band(data.Q25), Band(data.Q75));
            inner.FillColor = blue.WithAlpha(0.38);
            inner.LineColor = blue.WithAlpha(0.5);
            inner.LegendText = "50 % band (25-75 %)";
            var median = plot.Add.ScatterLine(xs, Band(data.Median));
            median.Color = blue.Darken(0.3);
            median.LineWidth = 2.5f;
            median.LinePattern = LinePattern.Dashed;
            median.LegendText = "predictive median";
        }

        if (data.ActualEpochs.Length > 0)
        {
            double[] xs = [data.ObservedEpochs[^1], .. data.ActualEpochs.Select(e => (double)e)];
            double[] ys = [data.ObservedValues[^1], .. data.ActualValues];
            var actual = plot.Add.ScatterLine(xs, ys);
            actual.Color = Colors.Gray;
            actual.LineWidth = 1.5f;
            actual.LegendText = data.StopEpoch is null ? "actual continuation" : "actual continuation (not trained)";
        }

        var observed = plot.Add.ScatterLine(data.ObservedEpochs.Select(e => (double)e).ToArray(), data.ObservedValues);
        observed.Color = Colors.Black;
        observed.LineWidth = 2.5f;
        observed.LegendText = "observed";

        if (data.BestSoFar is { } best)
        {
            var line = plot.Add.HorizontalLine(best);
            line.Color = Colors.ForestGreen;
            line.LineWidth = 1.5f;
            line.LinePattern = LinePattern.Dotted;
            line.LegendText = "study best so far";
        }

        var cut = plot.Add.VerticalLine(data.StopEpoch ?? data.Cutoff);
        cut.Color = data.StopEpoch is null ? orange : Colors.Crimson;
        cut.LineWidth = 2;
        cut.LinePattern = LinePattern.Dashed;
        cut.LegendText = data.StopEpoch is { } stop ? $"stopped at epoch {stop}" : $"forecast from epoch {data.Cutoff}";

        string what = data.StopEpoch is { } s
            ? $"stopped at epoch {s} of {data.Horizon}"
            : $"forecast from epoch {data.Cutoff} of {data.Horizon}";
        string study = data.Study == LearningCurve.DefaultStudy ? "" : $" of {data.Study}";
        string first = $"run {data.RunId}{study}: {what} ({data.Method} forecast)";
        plot.Title(data.Note is { Length: > 0 } note ? $"{first}\n{note}" : first);
        plot.XLabel("epoch");
        plot.YLabel(data.YLabel);
        plot.Axes.SetLimitsX(0, data.Horizon + 1);
        plot.ShowLegend(Edge.Right);
    }

    private static int CountUpTo(LearningCurve run, int epoch)
    {
        int n = 0;
        while (n < run.Count && run.Epochs[n] <= epoch) n++;
        return n;
    }

    private static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
