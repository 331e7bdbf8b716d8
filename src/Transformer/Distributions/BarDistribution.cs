using LcPfn.Prior;
using LcPfn.Transformer.Runtime;
using MathNet.Numerics;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Distributions;

/// <summary>
/// The Riemann ("bar") distribution with half-normal tails (spec §3), all of its math in one place: K buckets with
/// borders b_0 &lt; … &lt; b_K, a probability per bucket, uniform density inside the K − 2 inner buckets, and the two
/// outer buckets replaced by half-normal tails that extend to ∓∞ from b_1 and b_{K−1}. Every quantity (log pdf and the
/// training NLL, cdf, quantile, mean, variance, P(Y &gt; y)) uses the same tails, so they are mutually consistent.
/// Formulas: docs/bar-distribution.md. Holds only the borders: no I/O, no training state, thread-safe.
/// </summary>
public sealed class BarDistribution
{
    /// <summary>z = Φ⁻¹(0.75): a tail's scale is its outer bucket width / z, so half of its mass lies within that bucket.</summary>
    public const double TailQuantile = 0.6744897501960817;

    private const double SqrtTwoOverPi = 0.7978845608028654;   // c = E[D]/s for D ~ HN(s)
    private const double LogSqrtTwoOverPi = -0.2257913526447274;
    private readonly double[] _borders;
    private readonly float[] _bordersFloat;

    /// <summary>Creates the distribution family for the given bucket borders.</summary>
    /// <param name="borders">K + 1 strictly increasing finite borders, K ≥ 2.</param>
    /// <exception cref="InvalidInputException">Fewer than 3 borders, or not finite and strictly increasing.</exception>
    public BarDistribution(IReadOnlyList<double> borders)
    {
        ArgumentNullException.ThrowIfNull(borders);
        if (borders.Count < 3)
            throw new InvalidInputException($"A bar distribution needs at least 3 borders (2 buckets); got {borders.Count}.");
        for (int i = 0; i < borders.Count; i++)
        {
            if (!double.IsFinite(borders[i]))
                throw new InvalidInputException($"Bucket border {i} is {borders[i]}; borders must be finite.");
            if (i > 0 && borders[i] <= borders[i - 1])
                throw new InvalidInputException($"Bucket borders must be strictly increasing; border {i} ({borders[i]}) is not above border {i - 1} ({borders[i - 1]}).");
        }
        _borders = [.. borders];
        _bordersFloat = [.. _borders.Select(b => (float)b)];
        LowerTailScale = (_borders[1] - _borders[0]) / TailQuantile;
        UpperTailScale = (_borders[^1] - _borders[^2]) / TailQuantile;
    }

    /// <summary>Number of buckets K.</summary>
    public int Buckets => _borders.Length - 1;

    /// <summary>The K + 1 borders.</summary>
    public IReadOnlyList<double> Borders => _borders;

    /// <summary>Scale s_0 = w_0 / z of the lower half-normal tail (below b_1).</summary>
    public double LowerTailScale { get; }

    /// <summary>Scale s_{K−1} = w_{K−1} / z of the upper half-normal tail (above b_{K−1}).</summary>
    public double UpperTailScale { get; }

    // ------------------------------------------------------------------ tensors (training loss)

    /// <summary>
    /// The negative log density −log pdf(y) for every target, the training loss of spec §3.2 (with tails). Computed in
    /// fp32 whatever the logits' dtype.
    /// </summary>
    /// <param name="logits">(..., K) unnormalised log probabilities.</param>
    /// <param name="target">(...) values; the same leading shape.</param>
    /// <returns>(...) per-target NLL.</returns>
    public Tensor Nll(Tensor logits, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(target);
        if (logits.shape[^1] != Buckets)
            throw new ArgumentException($"logits have {logits.shape[^1]} buckets in their last dimension; this distribution has {Buckets}.", nameof(logits));
        using var scope = NewDisposeScope();
        int k = Buckets;
        var borders = tensor(_bordersFloat, device: logits.device);                     // (K+1)
        var y = target.to(ScalarType.Float32).contiguous();                              // (...)
        var index = searchsorted(borders, y).MinusInteger(1).ClampInteger(0, k - 1);       // (...) bucket of y
        var logP = logits.to(ScalarType.Float32).log_softmax(-1)
            .gather(-1, index.unsqueeze(-1)).squeeze(-1);                                // (...) log p_k
        var widths = borders.narrow(0, 1, k) - borders.narrow(0, 0, k);                  // (K)
        var inner = logP - widths.index_select(0, index.flatten()).view_as(index).log(); // log p_k − log w_k
        var lower = TailLogDensity(logP, y.Minus(_borders[1]).neg().AtLeast(0), LowerTailScale); // b_1 − y, exactly
        var upper = TailLogDensity(logP, y.Minus(_borders[^2]).AtLeast(0), UpperTailScale);
        var logPdf = where(index.EqualTo(0), lower, where(index.EqualTo(k - 1), upper, inner));
        return logPdf.neg().MoveToOuterDisposeScope();
    }

    private static Tensor TailLogDensity(Tensor logP, Tensor distance, double scale) =>
        logP.Plus(LogSqrtTwoOverPi - Math.Log(scale)) - distance.Squared().DividedBy(2 * scale * scale);

    // ------------------------------------------------------------------ managed, one distribution (probabilities)

    /// <summary>
    /// The bucket k with b_k &lt; y ≤ b_{k+1} (the reference's searchsorted-left − 1), clamped to [0, K−1]: values
    /// outside the borders fall in the outer buckets.
    /// </summary>
    public int BucketOf(double y)
    {
        int index = Array.BinarySearch(_borders, y);
        int bucket = index >= 0 ? index - 1 : ~index - 1;   // y == b_j falls in bucket j − 1
        return Math.Clamp(bucket, 0, Buckets - 1);
    }

    /// <summary>log pdf(y): log(p_k / w_k) inside, log(p · HN(distance; s)) in the tails.</summary>
    /// <param name="probabilities">K bucket probabilities summing to 1.</param>
    /// <param name="y">Any finite value.</param>
    public double LogPdf(ReadOnlySpan<double> probabilities, double y)
    {
        CheckLength(probabilities);
        int k = BucketOf(y);
        if (k == 0) return Math.Log(probabilities[0]) + TailLog(_borders[1] - y, LowerTailScale);
        if (k == Buckets - 1) return Math.Log(probabilities[k]) + TailLog(y - _borders[^2], UpperTailScale);
        return Math.Log(probabilities[k]) - Math.Log(_borders[k + 1] - _borders[k]);
    }

    /// <summary>F(y) = P(Y ≤ y), exact in the tails: p_0·erfc((b_1 − y)/(s_0√2)) below b_1, 1 − p_{K−1}·erfc((y − b_{K−1})/(s√2)) above b_{K−1}.</summary>
    public double Cdf(ReadOnlySpan<double> probabilities, double y)
    {
        CheckLength(probabilities);
        if (double.IsNaN(y)) return double.NaN;
        int k = BucketOf(y);
        if (k == 0) return probabilities[0] * TailSurvival(_borders[1] - y, LowerTailScale);
        if (k == Buckets - 1) return 1.0 - ProbabilityAbove(probabilities, y);
        double below = 0;
        for (int i = 0; i < k; i++) below += probabilities[i];
        return Math.Min(1.0, below + probabilities[k] * (y - _borders[k]) / (_borders[k + 1] - _borders[k]));
    }

    /// <summary>P(Y &gt; y) = 1 − F(y), summed from the top so that small upper tails keep their precision.</summary>
    public double ProbabilityAbove(ReadOnlySpan<double> probabilities, double y)
    {
        CheckLength(probabilities);
        if (double.IsNaN(y)) return double.NaN;
        int last = Buckets - 1;
        int k = BucketOf(y);
        if (k == last) return probabilities[last] * TailSurvival(y - _borders[^2], UpperTailScale);
        double above = 0;
        for (int i = last; i > k; i--) above += probabilities[i];
        if (k == 0) return Math.Min(1.0, above + probabilities[0] * (1.0 - TailSurvival(_borders[1] - y, LowerTailScale)));
        return Math.Min(1.0, above + probabilities[k] * (_borders[k + 1] - y) / (_borders[k + 1] - _borders[k]));
    }

    /// <summary>
    /// The quantile Q(q) = F⁻¹(q), exact inverse of <see cref="Cdf"/>: b_1 − s_0√2·erfc⁻¹(q/p_0) in the lower tail,
    /// linear inside a bucket, b_{K−1} + s√2·erfc⁻¹((1 − q)/p_{K−1}) in the upper tail.
    /// </summary>
    /// <param name="probabilities">K bucket probabilities summing to 1.</param>
    /// <param name="q">Probability in (0, 1).</param>
    public double Quantile(ReadOnlySpan<double> probabilities, double q)
    {
        CheckLength(probabilities);
        if (!(q > 0 && q < 1)) throw new ArgumentOutOfRangeException(nameof(q), q, "A quantile level must lie in (0, 1).");
        int last = Buckets - 1;
        double p0 = probabilities[0];
        if (q <= p0) return _borders[1] - LowerTailScale * Constants.Sqrt2 * SpecialFunctions.ErfcInv(q / p0);
        double cumulative = p0;
        for (int k = 1; k < last; k++)
        {
            double p = probabilities[k];
            if (p > 0 && q <= cumulative + p)
                return _borders[k] + (_borders[k + 1] - _borders[k]) * Math.Clamp((q - cumulative) / p, 0, 1);
            cumulative += p;
        }
        double upper = probabilities[last];
        if (upper <= 0) return _borders[last];       // rounding left q just above the inner mass
        double survival = Math.Clamp((1.0 - q) / upper, double.Epsilon, 1.0);
        return _borders[last] + UpperTailScale * Constants.Sqrt2 * SpecialFunctions.ErfcInv(survival);
    }

    /// <summary>E[Y] = Σ_inner p_k m_k + p_0 (b_1 − c s_0) + p_{K−1} (b_{K−1} + c s_{K−1}), c = √(2/π).</summary>
    public double Mean(ReadOnlySpan<double> probabilities)
    {
        CheckLength(probabilities);
        double mean = 0;
        for (int k = 0; k < Buckets; k++) mean += probabilities[k] * ComponentMean(k);
        return mean;
    }

    /// <summary>Var[Y] = Σ p_k (v_k + (μ_k − E[Y])²) with v_k = w_k²/12 inside and s²(1 − 2/π) in the tails.</summary>
    public double Variance(ReadOnlySpan<double> probabilities)
    {
        double mean = Mean(probabilities);
        double variance = 0;
        for (int k = 0; k < Buckets; k++)
        {
            double d = ComponentMean(k) - mean;
            variance += probabilities[k] * (ComponentVariance(k) + d * d);
        }
        return variance;
    }

    /// <summary>The median Q(0.5).</summary>
    public double Median(ReadOnlySpan<double> probabilities) => Quantile(probabilities, 0.5);

    /// <summary>The centre of the most probable bucket (the tails' mode is their border b_1 / b_{K−1}).</summary>
    public double Mode(ReadOnlySpan<double> probabilities)
    {
        CheckLength(probabilities);
        int best = 0;
        for (int k = 1; k < Buckets; k++) if (probabilities[k] > probabilities[best]) best = k;
        if (best == 0) return _borders[1];
        if (best == Buckets - 1) return _borders[^2];
        return 0.5 * (_borders[best] + _borders[best + 1]);
    }

    /// <summary>
    /// Draws one value: a bucket from the probabilities, then uniform inside it or b_1 − |N(0, s_0²)| / b_{K−1} + |N(0, s²)|
    /// in a tail. Independent of <see cref="Quantile"/>, so tests can check the moments by Monte Carlo.
    /// </summary>
    public double Sample(ReadOnlySpan<double> probabilities, Random random)
    {
        CheckLength(probabilities);
        ArgumentNullException.ThrowIfNull(random);
        double u = random.NextDouble();
        int k = 0;
        for (double cumulative = probabilities[0]; k < Buckets - 1 && u >= cumulative; cumulative += probabilities[++k]) { }
        if (k == 0) return _borders[1] - LowerTailScale * Math.Abs(StandardNormal(random));
        if (k == Buckets - 1) return _borders[^2] + UpperTailScale * Math.Abs(StandardNormal(random));
        return _borders[k] + random.NextDouble() * (_borders[k + 1] - _borders[k]);
    }

    /// <summary>Softmax of one query's logits in double precision.</summary>
    public static double[] Softmax(ReadOnlySpan<float> logits)
    {
        double max = double.NegativeInfinity;
        foreach (float l in logits) max = Math.Max(max, l);
        var p = new double[logits.Length];
        double sum = 0;
        for (int i = 0; i < p.Length; i++) sum += p[i] = Math.Exp(logits[i] - max);
        for (int i = 0; i < p.Length; i++) p[i] /= sum;
        return p;
    }

    private double ComponentMean(int k) =>
        k == 0 ? _borders[1] - SqrtTwoOverPi * LowerTailScale
        : k == Buckets - 1 ? _borders[^2] + SqrtTwoOverPi * UpperTailScale
        : 0.5 * (_borders[k] + _borders[k + 1]);

    private double ComponentVariance(int k)
    {
        const double halfNormalVarianceFactor = 1.0 - 2.0 / Math.PI;
        if (k == 0) return LowerTailScale * LowerTailScale * halfNormalVarianceFactor;
        if (k == Buckets - 1) return UpperTailScale * UpperTailScale * halfNormalVarianceFactor;
        double w = _borders[k + 1] - _borders[k];
        return w * w / 12.0;
    }

    /// <summary>log HN(d; s) for d ≥ 0 (negative distances inside the outer bucket read as 0).</summary>
    private static double TailLog(double distance, double scale)
    {
        double d = Math.Max(distance, 0);
        return LogSqrtTwoOverPi - Math.Log(scale) - d * d / (2 * scale * scale);
    }

    /// <summary>P(D &gt; d) = erfc(d / (s√2)) for D ~ HN(s).</summary>
    private static double TailSurvival(double distance, double scale) =>
        SpecialFunctions.Erfc(Math.Max(distance, 0) / (scale * Constants.Sqrt2));

    private static double StandardNormal(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * random.NextDouble());
    }

    private void CheckLength(ReadOnlySpan<double> probabilities)
    {
        if (probabilities.Length != Buckets)
            throw new ArgumentException($"Expected {Buckets} bucket probabilities; got {probabilities.Length}.", nameof(probabilities));
    }
}
