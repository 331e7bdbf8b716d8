using System.Globalization;
using LcPfn.EarlyStop.Replay;
using ScottPlot;

namespace LcPfn.Cli.Plotting;

/// <summary>
/// The demo's replay chart: every replayed run's curve in the first arrival order, solid up to the epoch where the
/// policy stopped it (red cross) and faint after it (the epochs the study saved), with the speed-up and regret in the title.
/// </summary>
internal static class StudyReplayChart
{
    /// <summary>At most this many curves are drawn (a deterministic subset beyond it).</summary>
    public const int MaxCurves = 300;

    public static void Save(string path, IReadOnlyList<ReplayStudy> studies, ReplayResult result, string forecaster, double scale, int width = 1100, int height = 680)
    {
        ArgumentNullException.ThrowIfNull(studies);
        ArgumentNullException.ThrowIfNull(result);
        var runs = studies.SelectMany(s => s.Runs.Select(r => (Key: (s.Name, r.RunId), r.Values))).ToDictionary(x => x.Key, x => x.Values);
        var traces = result.FirstOrder;
        int step = Math.Max(1, (int)Math.Ceiling(traces.Count / (double)MaxCurves));

        var plot = new Plot();
        var trained = Colors.SteelBlue.WithAlpha(0.75);
        var saved = Colors.Gray.WithAlpha(0.3);
        var stops = new List<Coordinates>();
        bool labelledTrained = false, labelledSaved = false;
        for (int i = 0; i < traces.Count; i += step)
        {
            var trace = traces[i];
            double[] values = [.. runs[(trace.Study, trace.RunId)].Select(v => v / scale)];
            double[] epochs = [.. Enumerable.Range(1, values.Length).Select(e => (double)e)];
            int n = Math.Clamp(trace.EpochsTrained, 1, values.Length);
            if (n < values.Length)
            {
                var rest = plot.Add.ScatterLine(epochs[(n - 1)..], values[(n - 1)..]);
                rest.Color = saved;
                rest.LineWidth = 1;
                if (!labelledSaved) { rest.LegendText = "not trained (saved)"; labelledSaved = true; }
                stops.Add(new Coordinates(n, values[n - 1]));
            }
            var head = plot.Add.ScatterLine(epochs[..n], values[..n]);
            head.Color = trained;
            head.LineWidth = 1.4f;
            if (!labelledTrained) { head.LegendText = "trained"; labelledTrained = true; }
        }
        if (stops.Count > 0)
        {
            var markers = plot.Add.Markers(stops.ToArray(), MarkerShape.Cross, 8, Colors.Red);
            markers.LegendText = "stopped here";
        }

        var c = CultureInfo.InvariantCulture;
        plot.Title(string.Create(c,
            $"replay, policy {result.Policy} with {forecaster} forecasts: {result.Stopped:0.#} of {result.Runs} runs stopped, speed-up {result.Speedup:0.00}x, regret {result.Regret:0.####}"
            + $"\nfirst of {result.Orders} arrival orders; epochs used {result.EpochsUsed:#,0} of {result.EpochsFull:#,0}"));
        plot.XLabel("epoch");
        plot.YLabel("metric (file units)");
        plot.ShowLegend(Edge.Right);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        plot.SavePng(path, width, height);
    }
}
