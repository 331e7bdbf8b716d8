using System.Text.Json;

namespace LcPfn.Prior.Tests;

/// <summary>
/// Distribution-level summary of a prior sample, and its comparison with the reference statistics of spec §1.8 and
/// ../shared/data/reference/prior-reference-stats.json (100,000 curves of the Python reference).
/// </summary>
internal sealed record PriorStatistics(
    double Acceptance,
    double[] Sigma,
    double[] NoisyY1,
    double[] NoisyYT,
    double[] NoiselessF1,
    double[] NoiselessFT,
    double NonMonotone,
    double BelowZero,
    double AboveOne)
{
    public static readonly double[] Levels = [0.05, 0.25, 0.5, 0.75, 0.95];

    public static PriorStatistics Compute(CurvePrior prior, ulong seed, int curves)
    {
        int t = prior.Horizon;
        var noisy = new float[curves * t];
        var noiseless = new float[curves * t];
        var sigma = new float[curves];
        long draws = prior.SampleParallel(seed, 0, curves, new CurveSampleBuffers(noisy, noiseless, sigma));
        var y1 = new double[curves];
        var yT = new double[curves];
        var f1 = new double[curves];
        var fT = new double[curves];
        int nonMonotone = 0;
        long below = 0, above = 0;
        for (int c = 0; c < curves; c++)
        {
            y1[c] = noisy[c * t];
            yT[c] = noisy[c * t + t - 1];
            f1[c] = noiseless[c * t];
            fT[c] = noiseless[c * t + t - 1];
            for (int i = 1; i < t; i++)
            {
                if (noiseless[c * t + i] < noiseless[c * t + i - 1]) { nonMonotone++; break; }
            }
            for (int i = 0; i < t; i++)
            {
                float v = noisy[c * t + i];
                if (v < 0) below++;
                else if (v > 1) above++;
            }
        }
        double n = (double)curves * t;
        return new PriorStatistics(
            (double)curves / draws,
            Quantiles(sigma.Select(v => (double)v).ToArray()),
            Quantiles(y1), Quantiles(yT), Quantiles(f1), Quantiles(fT),
            (double)nonMonotone / curves, below / n, above / n);
    }

    public static double[] Quantiles(double[] values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return Levels.Select(p =>
        {
            double pos = p * (sorted.Length - 1);
            int lo = (int)Math.Floor(pos);
            int hi = Math.Min(lo + 1, sorted.Length - 1);
            return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
        }).ToArray();
    }

    /// <summary>Every statistic outside its tolerance, as readable lines; empty when the sample matches the reference.</summary>
    public IReadOnlyList<string> CompareWithReference(ReferenceStatistics reference)
    {
        var problems = new List<string>();
        void Check(string what, double actual, double expected, double tolerance)
        {
            if (!(Math.Abs(actual - expected) <= tolerance))
                problems.Add($"{what}: {actual:G4} vs reference {expected:G4} (tolerance ±{tolerance:G3})");
        }
        // Acceptance: spec §1.8 gives ≈ 0.20 for the numpy sampler.
        Check("acceptance", Acceptance, 0.20, 0.015);
        for (int i = 0; i < Levels.Length; i++)
        {
            // σ = exp(N(−4, 1)): relative tolerance on the quantiles.
            Check($"sigma q{Levels[i]}", Math.Log(Sigma[i]), Math.Log(reference.Sigma[i]), 0.06);
            Check($"noisy y1 q{Levels[i]}", NoisyY1[i], reference.NoisyY1[i], 0.02);
            Check($"noisy yT q{Levels[i]}", NoisyYT[i], reference.NoisyYT[i], 0.02);
            Check($"noiseless f1 q{Levels[i]}", NoiselessF1[i], reference.NoiselessF1[i], 0.02);
            Check($"noiseless fT q{Levels[i]}", NoiselessFT[i], reference.NoiselessFT[i], 0.02);
        }
        Check("non-monotone share", NonMonotone, reference.NonMonotone, 0.025);
        Check("share below 0", BelowZero, reference.BelowZero, 0.0008);
        Check("share above 1", AboveOne, reference.AboveOne, 0.0035);
        return problems;
    }
}

/// <summary>The reference prior statistics (read from the shared JSON file).</summary>
internal sealed record ReferenceStatistics(
    double[] Sigma, double[] NoisyY1, double[] NoisyYT, double[] NoiselessF1, double[] NoiselessFT,
    double NonMonotone, double BelowZero, double AboveOne)
{
    public static ReferenceStatistics Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(LcPfn.Tests.TestPaths.SharedFile("reference/prior-reference-stats.json")));
        var root = doc.RootElement;
        double[] Q(string name) => PriorStatistics.Levels
            .Select(p => root.GetProperty(name).GetProperty(p.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetDouble()).ToArray();
        return new ReferenceStatistics(
            Q("sigma_quantiles_estimated_from_residual_std"),
            Q("noisy_y1_quantiles"), Q("noisy_y100_quantiles"),
            Q("noiseless_f1_quantiles"), Q("noiseless_f100_quantiles"),
            root.GetProperty("fraction_noiseless_non_monotone").GetDouble(),
            root.GetProperty("fraction_noisy_values_below_0").GetDouble(),
            root.GetProperty("fraction_noisy_values_above_1").GetDouble());
    }
}
