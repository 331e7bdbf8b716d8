using LcPfn.Prior.Schedules;

namespace LcPfn.Prior.Tests.Schedules;

/// <summary>
/// Shape properties the schedule prior must have, measured on a sample (the deliberately wrong priors of the tests
/// must fail them): cosine curves gain more late than constant ones for the same start (annealing), noise shrinks
/// as the rate anneals, curves stay near [0, 1], and the shares of the mixture hold.
/// </summary>
internal sealed record ScheduleShapeChecks(
    double LcPfnShare, double HiddenShare, double CosineLateGain, double ConstantLateGain,
    double CosineNoiseRatio, double ConstantNoiseRatio, double OutsideShare)
{
    public static ScheduleShapeChecks Measure(ScheduleCurvePrior prior, ulong seed, int curves)
    {
        int t = prior.Horizon;
        var y = new float[curves * t];
        var m = new float[curves * t];
        var kinds = new ScheduleDraw[curves];
        prior.Sample(seed, 0, curves, y, m, kinds);
        int lcpfn = 0, hidden = 0, schedule = 0, outside = 0;
        var late = new Dictionary<ScheduleKind, List<double>>();
        var noise = new Dictionary<ScheduleKind, List<double>>();
        for (int c = 0; c < curves; c++)
        {
            var curve = y.AsSpan(c * t, t);
            foreach (float v in curve) if (v < -0.05f || v > 1.05f) outside++;
            var draw = kinds[c];
            if (draw.Schedule is null) { lcpfn++; continue; }
            schedule++;
            if (draw.Hidden) hidden++;
            if (draw.HorizonRatio != 1) continue;
            var kind = draw.Schedule.Kind;
            // Late gain: mean of the last 5 epochs minus the mean of epochs 46-50 (relative to the first epoch's gap).
            double gain = Mean(curve[^5..]) - Mean(curve[45..50]);
            (late.TryGetValue(kind, out var g) ? g : late[kind] = []).Add(gain);
            // Noise: spread of second differences late (last 15 epochs) over early-mid (epochs 20-35).
            double ratio = (Roughness(curve[^15..]) + 1e-6) / (Roughness(curve[20..35]) + 1e-6);
            (noise.TryGetValue(kind, out var n) ? n : noise[kind] = []).Add(ratio);
        }
        return new ScheduleShapeChecks(
            (double)lcpfn / curves, schedule == 0 ? 0 : (double)hidden / schedule,
            Median(late[ScheduleKind.Cosine]), Median(late[ScheduleKind.Constant]),
            Median(noise[ScheduleKind.Cosine]), Median(noise[ScheduleKind.Constant]),
            (double)outside / (curves * t));
    }

    /// <summary>Every property that does not hold, one line each.</summary>
    public IReadOnlyList<string> Problems(ScheduleCurvePriorOptions options)
    {
        var problems = new List<string>();
        if (Math.Abs(LcPfnShare - options.LcPfnShare) > 0.03) problems.Add($"LC-PFN share {LcPfnShare:F3}, expected {options.LcPfnShare}");
        if (Math.Abs(HiddenShare - options.HiddenScheduleShare) > 0.04) problems.Add($"hidden share {HiddenShare:F3}, expected {options.HiddenScheduleShare}");
        if (!(CosineLateGain > ConstantLateGain + 0.01)) problems.Add($"cosine curves gain {CosineLateGain:F4} late, constant ones {ConstantLateGain:F4}: no annealing jump");
        if (!(CosineNoiseRatio < 0.8 * ConstantNoiseRatio)) problems.Add($"late/early noise ratio {CosineNoiseRatio:F3} under cosine vs {ConstantNoiseRatio:F3} under constant: noise does not follow the rate");
        if (OutsideShare > 0.01) problems.Add($"{OutsideShare:P2} of values outside [-0.05, 1.05]");
        return problems;
    }

    private static double Mean(ReadOnlySpan<float> v)
    {
        double s = 0;
        foreach (float x in v) s += x;
        return s / v.Length;
    }

    private static double Roughness(ReadOnlySpan<float> v)
    {
        var d = new double[v.Length - 2];
        for (int i = 0; i < d.Length; i++) d[i] = Math.Abs(v[i + 2] - 2 * v[i + 1] + v[i]);
        return Median([.. d]);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
