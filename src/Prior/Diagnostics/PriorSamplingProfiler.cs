using System.Diagnostics;
using LcPfn.Prior.Sampling;

namespace LcPfn.Prior.Diagnostics;

/// <summary>
/// Measures the stages of prior sampling separately (no timers inside the hot loop): it times the full sampler, then
/// replays the same random streams with only the first stages switched on and takes differences. Single-threaded;
/// times are process CPU time, so they estimate a quiet machine even when other jobs share the cores.
/// </summary>
public static class PriorSamplingProfiler
{
    /// <summary>Profiles <paramref name="curves"/> curves of <paramref name="prior"/> (after a short warm-up).</summary>
    public static PriorSamplingProfile Measure(CurvePrior prior, ulong seed, int curves)
    {
        ArgumentNullException.ThrowIfNull(prior);
        ArgumentOutOfRangeException.ThrowIfLessThan(curves, 100);
        var buffer = new float[curves * prior.Horizon];
        prior.Sample(seed + 1, 0, Math.Min(curves, 20_000), buffer); // warm-up: JIT tiers, tables

        long draws = 0;
        double total = Time(() => draws = prior.Sample(seed, 0, curves, buffer));

        double accepted = Time(() => RunAccepted(prior, seed, curves));
        double parameters = Time(() => RunStages(prior, seed, draws, screen: false));
        long screened = 0;
        double screenedTime = Time(() => screened = RunStages(prior, seed, draws, screen: true));

        return new PriorSamplingProfile(
            DrawsPerCurve: (double)draws / curves,
            GridEvaluationsPerCurve: (double)screened / curves,
            ParameterNs: parameters / curves,
            ScreenNs: (screenedTime - parameters) / curves,
            GridNs: (accepted - screenedTime) / curves,
            NoiseNs: (total - accepted) / curves,
            TotalNs: total / curves);
    }

    /// <summary>CPU time of the process (not wall time), so that other load on the machine does not inflate the stages.</summary>
    private static double Time(Action action)
    {
        using var process = Process.GetCurrentProcess();
        var start = process.TotalProcessorTime;
        action();
        process.Refresh();
        return (process.TotalProcessorTime - start).TotalNanoseconds;
    }

    private static void RunAccepted(CurvePrior prior, ulong seed, int curves)
    {
        Span<float> f = stackalloc float[prior.PaddedLength];
        Span<double> theta = stackalloc double[prior.ParameterCount];
        Span<double> weights = stackalloc double[prior.Families.Count];
        for (int c = 0; c < curves; c++)
        {
            var rng = PriorRandom.Create(seed, (ulong)c);
            prior.DrawAccepted(ref rng, f, theta, weights);
        }
    }

    /// <summary>The same number of draws as the real run, stopping after the parameters (and the endpoint screen).</summary>
    private static long RunStages(CurvePrior prior, ulong seed, long draws, bool screen)
    {
        Span<double> theta = stackalloc double[prior.ParameterCount];
        Span<double> weights = stackalloc double[prior.Families.Count];
        long passed = 0;
        var rng = PriorRandom.Create(seed, 0);
        for (long d = 0; d < draws; d++)
        {
            prior.DrawParameters(ref rng, theta, weights);
            if (screen && prior.ScreenEndpoints(theta, weights)) passed++;
        }
        return passed;
    }
}
