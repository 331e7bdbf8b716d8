using LcPfn.EarlyStop.Replay;
using ScottPlot;

namespace LcPfn.Cli.Plotting;

/// <summary>
/// The PNG of <c>lcpfn replay --out</c>: every run's curve in the first arrival order (grey after the point where
/// the policy stopped it, with a red cross there), and, when a knob was swept, the speed-up/regret frontier below.
/// </summary>
internal static class ReplayChart
{
    /// <summary>At most this many curves are drawn (a deterministic subset beyond it), to keep the chart readable.</summary>
    public const int MaxCurves = 400;

    /// <param name="path">The PNG.</param>
    /// <param name="studies">The replayed studies.</param>
    /// <param name="result">The main result (curves of its first order are drawn).</param>
    /// <param name="frontier">The swept knob's results, or empty.</param>
    /// <param name="knob">The swept knob's name.</param>
    /// <param name="scale">The files' scale (values are drawn in file units).</param>
    /// <param name="others">Other policies' frontiers drawn beside it (e.g. ASHA and the median rule), or null.</param>
    public static void Save(string path, IReadOnlyList<ReplayStudy> studies, ReplayResult result, IReadOnlyList<(double Value, ReplayResult Result)> frontier, string? knob, double scale,
        IReadOnlyList<(string Knob, IReadOnlyList<(double Value, ReplayResult Result)> Frontier)>? others = null)
    {
        var curves = Curves(studies, result);
        var multiplot = new Multiplot();
        multiplot.AddPlots(frontier.Count > 0 ? 2 : 1);
        DrawCurves(multiplot.GetPlot(0), curves, result, scale);
        if (frontier.Count > 0)
        {
            DrawFrontier(multiplot.GetPlot(1), frontier, knob ?? "knob", result.Policy, others ?? []);
        }
        OutputPaths.PrepareFile(path, "--out", ".png");
        multiplot.SavePng(path, 1200, frontier.Count > 0 ? 1400 : 800);
    }

    private static List<(double[] Values, ReplayRunTrace Trace)> Curves(IReadOnlyList<ReplayStudy> studies, ReplayResult result)
    {
        var byStudy = studies.ToDictionary(s => s.Name, s => s.Runs.ToDictionary(r => r.RunId, r => r.Values));
        var list = result.FirstOrder.Select(t => (byStudy[t.Study][t.RunId], t)).ToList();
        if (list.Count <= MaxCurves) return list;
        int step = (int)Math.Ceiling(list.Count / (double)MaxCurves);
        return list.Where((_, i) => i % step == 0).ToList();
    }

    private static void DrawCurves(Plot plot, List<(double[] Values, ReplayRunTrace Trace)> curves, ReplayResult result, double scale)
    {
        var trained = Colors.SteelBlue.WithAlpha(0.55);
        var skipped = Colors.Gray.WithAlpha(0.25);
        var stops = new List<Coordinates>();
        bool labelledTrained = false, labelledSkipped = false;
        foreach (var (values, trace) in curves)
        {
            double[] epochs = [.. Enumerable.Range(1, values.Length).Select(e => (double)e)];
            double[] shown = [.. values.Select(v => v / scale)];
            int n = trace.EpochsTrained;
            if (n < values.Length)
            {
                var rest = plot.Add.ScatterLine(epochs[(n - 1)..], shown[(n - 1)..]);
                rest.Color = skipped;
                rest.LineWidth = 1;
                if (!labelledSkipped) rest.LegendText = "not trained (after the stop)";
                labelledSkipped = true;
                stops.Add(new Coordinates(n, shown[n - 1]));
            }
            var head = plot.Add.ScatterLine(epochs[..n], shown[..n]);
            head.Color = trained;
            head.LineWidth = 1.2f;
            if (!labelledTrained) head.LegendText = "trained";
            labelledTrained = true;
        }
        if (stops.Count > 0)
        {
            var markers = plot.Add.Markers(stops.ToArray(), MarkerShape.Cross, 7, Colors.Red);
            markers.LegendText = "stopped here";
        }
        plot.Title($"replay ({result.Policy}): speed-up {result.Speedup:0.00}x, regret {result.Regret:0.###}, "
            + $"{result.Stopped:0.#} of {result.Runs} runs stopped (curves: first of {result.Orders} orders)");
        plot.XLabel("epoch");
        plot.YLabel("metric (file units)");
        plot.ShowLegend(Alignment.LowerRight);
    }

    private static void DrawFrontier(Plot plot, IReadOnlyList<(double Value, ReplayResult Result)> frontier, string knob, string policy,
        IReadOnlyList<(string Knob, IReadOnlyList<(double Value, ReplayResult Result)> Frontier)> others)
    {
        double right = 0.1;
        foreach (var (name, k, points) in others.Select(o => (o.Frontier.Count > 0 ? o.Frontier[0].Result.Policy : "", o.Knob, o.Frontier)).Prepend((policy, knob, frontier)))
        {
            if (points.Count == 0) continue;
            double[] xs = [.. points.Select(f => f.Result.Regret)];
            double[] ys = [.. points.Select(f => f.Result.Speedup)];
            var line = plot.Add.Scatter(xs, ys);
            line.MarkerSize = 8;
            line.LegendText = name;
            for (int i = 0; i < points.Count; i++)
            {
                var label = plot.Add.Text($"{k} {points[i].Value:G3}", xs[i], ys[i]);
                label.LabelFontSize = 11;
                label.OffsetX = 6;
                label.OffsetY = -6;
            }
            right = Math.Max(right, xs.Max() * 1.2);
        }
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.SetLimitsX(-0.03 * right, right);
        plot.Title(others.Count == 0 ? $"speed-up vs regret when sweeping {knob}" : $"speed-up vs regret: {policy} sweeping {knob}, beside the baselines' knobs");
        plot.XLabel("regret (file units, mean over orders)");
        plot.YLabel("speed-up (epochs without stopping / epochs used)");
    }
}
