using System.Globalization;
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
/// fixed seed, complete over the prior's horizon. Curve i is the prior's draw i of its own RNG stream (seed, i), so the
/// set is the same on any machine and thread count.
/// </summary>
/// <remarks>
/// Noise can push a prior curve's values slightly outside [0, 1], which the PFN refuses as input. With
/// <c>requireUnitInterval</c> (the default) such draws are passed over and the next indexes used instead, so the set
/// always holds the requested number of curves; <see cref="Excluded"/> says how many draws were passed over, and the
/// run ids (the draw indexes) show which.
/// </remarks>
public sealed class PriorTestSet
{
    /// <summary>
    /// The default seed of the test set. Training uses other seeds (the trainer's), so these curves are held out.
    /// The default is 0x7E575E7 = 132478439 (a fixed constant; change it only together with docs/accuracy.md).
    /// </summary>
    public const ulong DefaultSeed = 0x7E575E7;

    /// <summary>The default number of curves: 1000, as in spec §8.</summary>
    public const int DefaultCount = 1000;

    /// <summary>The study name of prior curves.</summary>
    public const string Study = "prior";

    private const int Chunk = 1024;

    private PriorTestSet(IReadOnlyList<LearningCurve> curves, long excluded, ulong seed)
    {
        Curves = curves;
        Excluded = excluded;
        Seed = seed;
    }

    /// <summary>The test curves: run id = draw index, study <see cref="Study"/>, epochs 1..horizon.</summary>
    public IReadOnlyList<LearningCurve> Curves { get; }

    /// <summary>Draws passed over because a value lay outside [0, 1] (0 when that was not required).</summary>
    public long Excluded { get; }

    /// <summary>The seed the curves were drawn with.</summary>
    public ulong Seed { get; }

    /// <summary>Samples the test set.</summary>
    /// <param name="sampler">The prior's sampler, e.g. <c>(s, f, c, y) =&gt; prior.Sample(s, f, c, y)</c>.</param>
    /// <param name="horizon">The prior's horizon (≥ 2).</param>
    /// <param name="count">How many curves (≥ 1).</param>
    /// <param name="seed">The seed.</param>
    /// <param name="requireUnitInterval">Pass over draws with a value outside [0, 1] (see the remarks).</param>
    /// <exception cref="InvalidOperationException">Fewer than 1 % of the draws lie in [0, 1] (a prior that does not fit the PFN).</exception>
    public static PriorTestSet Create(PriorCurveSampler sampler, int horizon, int count, ulong seed = DefaultSeed, bool requireUnitInterval = true)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var curves = new List<LearningCurve>(count);
        var buffer = new float[Chunk * horizon];
        long next = 0, excluded = 0;
        while (curves.Count < count)
        {
            if (excluded > 100L * Math.Max(count, Chunk))
                throw new InvalidOperationException($"Only {curves.Count} of {next} prior draws lie in [0, 1]; this prior does not fit the PFN's input range.");
            int n = requireUnitInterval ? Chunk : Math.Min(Chunk, count - curves.Count);
            sampler(seed, next, n, buffer.AsSpan(0, n * horizon));
            for (int c = 0; c < n && curves.Count < count; c++)
            {
                var row = buffer.AsSpan(c * horizon, horizon);
                if (requireUnitInterval && !WithinUnitInterval(row))
                {
                    excluded++;
                    continue;
                }
                var values = new double[horizon];
                for (int t = 0; t < horizon; t++) values[t] = row[t];
                string id = (next + c).ToString(CultureInfo.InvariantCulture);
                curves.Add(new LearningCurve(id, Study, horizon, Enumerable.Range(1, horizon).ToArray(), values));
            }
            next += n;
        }
        return new PriorTestSet(curves, excluded, seed);
    }

    private static bool WithinUnitInterval(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
            if (!(v >= 0f && v <= 1f)) return false;
        return true;
    }
}
