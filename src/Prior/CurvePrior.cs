using System.Runtime.CompilerServices;
using LcPfn.Prior.Curves;
using LcPfn.Prior.Sampling;

namespace LcPfn.Prior;

/// <summary>
/// The learning-curve prior of LC-PFN (spec §1): weighted sums of parametric curve families with rejection and
/// Gaussian noise. Curve i of a seed always uses its own random stream <see cref="PriorRandom.Create"/>(seed, i),
/// so results are bit-identical whatever the threads, chunk sizes or call order. Immutable and thread-safe.
/// </summary>
public sealed class CurvePrior
{
    /// <summary>Curves handed to one worker at a time by <see cref="SampleParallel"/>.</summary>
    private const int ParallelChunk = 512;

    /// <summary>Grid points evaluated before each early range check (a multiple of <see cref="CurveGrid.Padding"/>).</summary>
    private const int CheckChunk = 32;

    private readonly CurveFamily[] _families;
    private readonly int[] _parameterOffsets;
    private readonly int _parameterCount;
    private readonly CurveGrid _grid;
    private readonly double _weightMin;
    private readonly double _weightSpan;

    /// <summary>Creates the prior; validates all options together.</summary>
    /// <exception cref="InvalidInputException">Any option is invalid (the message lists every problem).</exception>
    public CurvePrior(CurvePriorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Horizon = options.Horizon;
        _families = options.Families.Select(CurveFamilies.GetInternal).ToArray();
        _parameterOffsets = new int[_families.Length];
        for (int k = 0; k < _families.Length; k++)
        {
            _parameterOffsets[k] = _parameterCount;
            _parameterCount += _families[k].ParameterCount;
        }
        _grid = CurveGrid.For(Horizon);
        _weightMin = options.WeightMin;
        _weightSpan = options.WeightMax - options.WeightMin;
    }

    /// <summary>The options it was built from.</summary>
    public CurvePriorOptions Options { get; }

    /// <summary>T: curve length (epochs 1..T).</summary>
    public int Horizon { get; }

    /// <summary>The component families, in option order.</summary>
    public IReadOnlyList<ICurveFamily> Families => _families;

    /// <summary>
    /// Samples curves <paramref name="firstIndex"/> .. <paramref name="firstIndex"/> + <paramref name="count"/> − 1 on
    /// the calling thread. Curve-major output: <c>noisy[c * Horizon + t]</c> is curve c at epoch t + 1.
    /// </summary>
    /// <param name="seed">The seed; with the curve index it fixes each curve.</param>
    /// <param name="firstIndex">Index of the first curve; ≥ 0.</param>
    /// <param name="count">Number of curves; ≥ 0.</param>
    /// <param name="noisy">Noisy values, at least count · Horizon elements.</param>
    /// <param name="noiseless">Noiseless f, empty (not wanted) or at least count · Horizon elements.</param>
    /// <param name="sigma">Noise σ per curve, empty (not wanted) or at least count elements.</param>
    /// <returns>The number of draws it took (accepted plus rejected); count / draws is the acceptance rate.</returns>
    /// <exception cref="InvalidOperationException">A curve was not accepted within <see cref="CurvePriorOptions.MaxAttempts"/> draws.</exception>
    public long Sample(ulong seed, long firstIndex, int count, Span<float> noisy, Span<float> noiseless = default, Span<float> sigma = default)
    {
        CheckArguments(firstIndex, count, noisy.Length, noiseless.Length, sigma.Length);
        int t = Horizon;
        Span<double> f = stackalloc double[_grid.PaddedLength];
        Span<double> theta = stackalloc double[_parameterCount];
        Span<double> weights = stackalloc double[_families.Length];
        long draws = 0;
        for (int c = 0; c < count; c++)
        {
            var rng = PriorRandom.Create(seed, (ulong)(firstIndex + c));
            draws += DrawAccepted(ref rng, f, theta, weights);
            double s = Math.Exp(Options.LogSigmaMean + Options.LogSigmaStd * rng.NextNormal());
            Span<float> y = noisy.Slice(c * t, t);
            for (int i = 0; i < t; i++)
                y[i] = (float)(f[i] + s * rng.NextNormal());
            if (!noiseless.IsEmpty)
            {
                Span<float> g = noiseless.Slice(c * t, t);
                for (int i = 0; i < t; i++)
                    g[i] = (float)f[i];
            }
            if (!sigma.IsEmpty) sigma[c] = (float)s;
        }
        return draws;
    }

    /// <summary>
    /// Like <see cref="Sample"/> but spread over <paramref name="threads"/> worker threads (0 = all cores). The output
    /// is bit-identical to <see cref="Sample"/> for any thread count.
    /// </summary>
    /// <returns>The number of draws it took (accepted plus rejected).</returns>
    public long SampleParallel(ulong seed, long firstIndex, int count, CurveSampleBuffers buffers, int threads = 0)
    {
        CheckArguments(firstIndex, count, buffers.Noisy.Length, buffers.Noiseless.Length, buffers.Sigma.Length);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        int chunks = (count + ParallelChunk - 1) / ParallelChunk;
        long draws = 0;
        int t = Horizon;
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads == 0 ? Environment.ProcessorCount : threads };
        Parallel.For(0, chunks, options, () => 0L, (chunk, _, local) =>
        {
            int start = chunk * ParallelChunk;
            int n = Math.Min(ParallelChunk, count - start);
            var noiseless = buffers.Noiseless.IsEmpty ? Span<float>.Empty : buffers.Noiseless.Span.Slice(start * t, n * t);
            var sigma = buffers.Sigma.IsEmpty ? Span<float>.Empty : buffers.Sigma.Span.Slice(start, n);
            return local + Sample(seed, firstIndex + start, n, buffers.Noisy.Span.Slice(start * t, n * t), noiseless, sigma);
        }, local => Interlocked.Add(ref draws, local));
        return draws;
    }

    /// <summary>
    /// Draws weights and parameters until the noiseless curve is accepted; leaves it in <paramref name="f"/>
    /// (padded grid length). Returns the number of draws.
    /// </summary>
    private int DrawAccepted(ref PriorRandom rng, Span<double> f, Span<double> theta, Span<double> weights)
    {
        bool range = Options.RangeConstraint;
        int last = Horizon - 1;
        for (int attempt = 1; attempt <= Options.MaxAttempts; attempt++)
        {
            DrawParameters(ref rng, theta, weights);

            // Cheap screen first: the two endpoints decide most rejections.
            double f1 = EvaluateAt(theta, weights, 1.0);
            double fT = EvaluateAt(theta, weights, Horizon);
            if (!(fT > f1)) continue;
            if (range && !(f1 >= 0 && fT <= 1)) continue;

            if (!EvaluateGrid(theta, weights, f, range)) continue;
            if (!(f[last] > f[0])) continue; // the grid kernel is authoritative
            return attempt;
        }
        throw new InvalidOperationException(
            $"The prior accepted no curve in {Options.MaxAttempts} draws (families {string.Join(", ", Options.Families)}, range constraint {Options.RangeConstraint}); loosen the prior or raise MaxAttempts.");
    }

    private void DrawParameters(ref PriorRandom rng, Span<double> theta, Span<double> weights)
    {
        // Reference order: all weights, then each family's parameters.
        double sum = 0;
        for (int k = 0; k < _families.Length; k++)
        {
            weights[k] = _weightMin + _weightSpan * rng.NextDouble();
            sum += weights[k];
        }
        if (Options.NormalizeWeights)
        {
            for (int k = 0; k < weights.Length; k++)
                weights[k] /= sum;
        }
        for (int k = 0; k < _families.Length; k++)
            _families[k].SampleParameters(ref rng, theta.Slice(_parameterOffsets[k], _families[k].ParameterCount));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double EvaluateAt(ReadOnlySpan<double> theta, ReadOnlySpan<double> weights, double x)
    {
        double sum = 0;
        for (int k = 0; k < _families.Length; k++)
            sum += weights[k] * _families[k].Evaluate(theta.Slice(_parameterOffsets[k], _families[k].ParameterCount), x);
        return sum;
    }

    /// <summary>Evaluates f on the padded grid chunk by chunk; false at the first chunk with a value out of range or not finite.</summary>
    private bool EvaluateGrid(ReadOnlySpan<double> theta, ReadOnlySpan<double> weights, Span<double> f, bool range)
    {
        int length = _grid.PaddedLength;
        for (int start = 0; start < length; start += CheckChunk)
        {
            Span<double> chunk = f.Slice(start, Math.Min(CheckChunk, length - start));
            chunk.Clear();
            for (int k = 0; k < _families.Length; k++)
                _families[k].Accumulate(theta.Slice(_parameterOffsets[k], _families[k].ParameterCount), weights[k], _grid, start, chunk);
            if (!ChunkAcceptable(chunk, range)) return false;
        }
        return true;
    }

    private static bool ChunkAcceptable(ReadOnlySpan<double> chunk, bool range)
    {
        if (range)
        {
            foreach (double v in chunk)
                if (!(v >= 0 && v <= 1)) return false; // also false for NaN
        }
        else
        {
            foreach (double v in chunk)
                if (!double.IsFinite(v)) return false;
        }
        return true;
    }

    private void CheckArguments(long firstIndex, int count, int noisy, int noiseless, int sigma)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstIndex);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        long need = (long)count * Horizon;
        if (noisy < need) throw new ArgumentException($"noisy holds {noisy} values; {count} curves of horizon {Horizon} need {need}.", nameof(noisy));
        if (noiseless != 0 && noiseless < need) throw new ArgumentException($"noiseless holds {noiseless} values; {count} curves of horizon {Horizon} need {need} (or pass an empty span).", nameof(noiseless));
        if (sigma != 0 && sigma < count) throw new ArgumentException($"sigma holds {sigma} values; {count} curves need {count} (or pass an empty span).", nameof(sigma));
    }
}
