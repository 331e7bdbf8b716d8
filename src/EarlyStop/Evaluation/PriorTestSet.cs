using LcPfn.Prior.Data;

namespace LcPfn.EarlyStop.Evaluation;

/// <summary>
/// Samples <paramref name="count"/> prior curves with indexes <paramref name="firstIndex"/>.. into
/// <paramref name="noisy"/> (curve-major: <c>noisy[c·H + t]</c> = value at epoch t + 1 of curve c); the shape of
/// <c>CurvePrior.Sample</c>.
/// </summary>
public delegate void PriorCurveSampler(ulong seed, long firstIndex, int count, Span<float> noisy);

/// <summary>
/// The held-out prior test set of the evaluation protocol (spec §8 item 5): a fixed number of noisy prior curves from a
/// fixed seed, complete over the prior's horizon. Curve i uses the prior's own RNG stream (seed, i), so the set is the
/// same on any machine and thread count.
/// </summary>
public static class PriorTestSet
{
    /// <summary>
    /// The default seed of the test set. Training uses other seeds (the trainer's), so these curves are held out.
    /// The default is 0x7E57_5E7 (a fixed constant; change it only together with docs/accuracy.md).
    /// </summary>
    public const ulong DefaultSeed = 0x7E57_5E7;

    /// <summary>The default number of curves: 1000, as in spec §8.</summary>
    public const int DefaultCount = 1000;

    /// <summary>The study name of prior curves.</summary>
    public const string Study = "prior";

    private const int Chunk = 1024;

    /// <summary>Samples the test set: run ids <c>"0"</c>..<c>"count-1"</c>, study <see cref="Study"/>, epochs 1..horizon.</summary>
    /// <param name="sampler">The prior's sampler, e.g. <c>(s, f, c, y) =&gt; prior.Sample(s, f, c, y)</c>.</param>
    /// <param name="horizon">The prior's horizon (≥ 2).</param>
    /// <param name="count">How many curves (≥ 1).</param>
    /// <param name="seed">The seed.</param>
    public static IReadOnlyList<LearningCurve> Create(PriorCurveSampler sampler, int horizon, int count, ulong seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var epochs = Enumerable.Range(1, horizon).ToArray();
        var curves = new List<LearningCurve>(count);
        var buffer = new float[Math.Min(count, Chunk) * horizon];
        for (int first = 0; first < count; first += Chunk)
        {
            int n = Math.Min(Chunk, count - first);
            sampler(seed, first, n, buffer.AsSpan(0, n * horizon));
            for (int c = 0; c < n; c++)
            {
                var values = new double[horizon];
                for (int t = 0; t < horizon; t++) values[t] = buffer[c * horizon + t];
                curves.Add(new LearningCurve((first + c).ToString(System.Globalization.CultureInfo.InvariantCulture), Study, horizon, (int[])epochs.Clone(), values));
            }
        }
        return curves;
    }
}
