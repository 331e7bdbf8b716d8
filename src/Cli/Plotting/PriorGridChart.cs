using LcPfn.Prior.Schedules;
using ScottPlot;

namespace LcPfn.Cli.Plotting;

/// <summary>
/// The PNG of <c>lcpfn prior plot</c>: sampled curves of the schedule-aware prior, one panel per schedule kind (and
/// one for the LC-PFN component), each with the learning-rate multiplier of its first curve dashed on the same axis.
/// </summary>
internal static class PriorGridChart
{
    private static readonly Color[] Palette =
    [
        Colors.SteelBlue, Colors.OrangeRed, Colors.SeaGreen, Colors.MediumPurple, Colors.DarkGoldenRod, Colors.Teal,
        Colors.Crimson, Colors.SlateGray, Colors.DarkOrange, Colors.RoyalBlue, Colors.OliveDrab, Colors.Sienna,
    ];

    /// <summary>Draws up to <paramref name="perPanel"/> curves per panel from the first curves of the seed.</summary>
    public static void Save(string path, ScheduleCurvePrior prior, ulong seed, int perPanel)
    {
        int t = prior.Horizon;
        var panels = new Dictionary<string, List<(float[] Values, float[] Rates)>>();
        string[] order = ["LC-PFN (schedule unknown)", .. Enum.GetValues<ScheduleKind>().Where(k => k != ScheduleKind.Explicit).Select(Title)];
        foreach (var name in order) panels[name] = [];
        const int Chunk = 512;
        for (long first = 0; panels.Values.Any(p => p.Count < perPanel) && first < 200_000; first += Chunk)
        {
            var y = new float[Chunk * t];
            var m = new float[Chunk * t];
            var draws = new ScheduleDraw[Chunk];
            prior.Sample(seed, first, Chunk, y, m, draws);
            for (int c = 0; c < Chunk; c++)
            {
                var d = draws[c];
                string name = d.Schedule is null ? order[0] : Title(d.Schedule.Kind);
                if (panels[name].Count >= perPanel) continue;
                var rates = new float[t];
                for (int i = 0; i < t; i++) rates[i] = d.Schedule is null ? float.NaN : (float)d.Schedule.At(i + 0.5, t * d.HorizonRatio);
                panels[name].Add((y.AsSpan(c * t, t).ToArray(), rates));
            }
        }

        var multiplot = new Multiplot();
        multiplot.AddPlots(order.Length);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows: 4, columns: 2);
        double[] epochs = [.. Enumerable.Range(1, t).Select(e => (double)e)];
        for (int p = 0; p < order.Length; p++)
        {
            var plot = multiplot.GetPlot(p);
            var curves = panels[order[p]];
            for (int i = 0; i < curves.Count; i++)
            {
                var line = plot.Add.ScatterLine(epochs, [.. curves[i].Values.Select(v => (double)v)]);
                line.Color = Palette[i % Palette.Length].WithAlpha(0.8);
                line.LineWidth = 1.2f;
            }
            if (curves.Count > 0 && !float.IsNaN(curves[0].Rates[0]))
            {
                var rate = plot.Add.ScatterLine(epochs, [.. curves[0].Rates.Select(v => (double)v)]);
                rate.Color = Colors.Black.WithAlpha(0.7);
                rate.LinePattern = LinePattern.Dashed;
                rate.LegendText = "lr multiplier (first curve)";
                plot.ShowLegend(Alignment.LowerRight);
            }
            plot.Title(order[p], size: 13);
            plot.Axes.SetLimits(0, t + 1, -0.02, 1.02);
            plot.XLabel("epoch");
        }
        OutputPaths.PrepareFile(path, "--out", ".png");
        multiplot.SavePng(path, 1400, 1800);
    }

    private static string Title(ScheduleKind kind) => kind switch
    {
        ScheduleKind.Constant => "constant",
        ScheduleKind.Cosine => "cosine",
        ScheduleKind.CosineWarmup => "cosine with warm-up",
        ScheduleKind.Linear => "linear decay",
        ScheduleKind.LinearWarmup => "linear with warm-up",
        ScheduleKind.Step => "step decay",
        ScheduleKind.OneCycle => "one-cycle",
        _ => kind.ToString(),
    };
}
