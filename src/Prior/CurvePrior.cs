using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

    /// <summary>Total parameter count of all families (scratch size for callers of the internal stages).</summary>
    internal int ParameterCount => _parameterCount;

    /// <summary>Grid length including padding (scratch size for f).</summary>
    internal int PaddedLength => _grid.PaddedLength;

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
        Span<float> f = stackalloc float[_grid.PaddedLength];
        Span<float> z = stackalloc float[_grid.PaddedLength];
        Span<double> theta = stackalloc double[_parameterCount];
        Span<double> weights = stackalloc double[_families.Length];
        long draws = 0;
        for (int c = 0; c < count; c++)
        {
            var rng = PriorRandom.Create(seed, (ulong)(firstIndex + c));
            draws += DrawAccepted(ref rng, f, theta, weights);
            float s = (float)Math.Exp(Options.LogSigmaMean + Options.LogSigmaStd * rng.NextNormal());
            rng.FillNormal(z[..t]);
            AddNoise(f[..t], s, z[..t], noisy.Slice(c * t, t));
            if (!noiseless.IsEmpty) f[..t].CopyTo(noiseless.Slice(c * t, t));
            if (!sigma.IsEmpty) sigma[c] = s;
        }
        return draws;
    }

    /// <summary>y = f + σ·z, 8 lanes at a time.</summary>
    private static void AddNoise(ReadOnlySpan<float> f, float sigma, ReadOnlySpan<float> z, Span<float> y)
    {
        int i = 0;
        var s = Vector256.Create(sigma);
        for (; i <= f.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            (Vector256.Create(f[i..]) + s * Vector256.Create(z[i..])).CopyTo(y[i..]);
        for (; i < f.Length; i++)
            y[i] = f[i] + sigma * z[i];
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
    internal int DrawAccepted(ref PriorRandom rng, Span<float> f, Span<double> theta, Span<double> weights)
    {
        bool range = Options.RangeConstraint;
        int last = Horizon - 1;
        for (int attempt = 1; attempt <= Options.MaxAttempts; attempt++)
        {
            DrawParameters(ref rng, theta, weights);
            if (!ScreenEndpoints(theta, weights)) continue;
            if (!EvaluateGrid(theta, weights, f, range)) continue;
            if (!(f[last] > f[0])) continue; // the grid kernel is authoritative
            return attempt;
        }
        throw new InvalidOperationException(
            $"The prior accepted no curve in {Options.MaxAttempts} draws (families {string.Join(", ", Options.Families)}, range constraint {Options.RangeConstraint}); loosen the prior or raise MaxAttempts.");
    }

    /// <summary>Cheap screen: the two endpoints decide most rejections (f(T) &gt; f(1), both in [0, 1]).</summary>
    internal bool ScreenEndpoints(ReadOnlySpan<double> theta, ReadOnlySpan<double> weights)
    {
        double f1 = 0, fT = 0;
        for (int k = 0; k < _families.Length; k++)
        {
            var (first, last) = _families[k].EvaluateEndpoints(theta.Slice(_parameterOffsets[k], _families[k].ParameterCount), _grid);
            f1 += weights[k] * first;
            fT += weights[k] * last;
        }
        if (!(fT > f1)) return false;
        return !Options.RangeConstraint || (f1 >= 0 && fT <= 1);
    }

    internal void DrawParameters(ref PriorRandom rng, Span<double> theta, Span<double> weights)
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

    /// <summary>Evaluates f on the padded grid chunk by chunk; false at the first chunk with a value out of range or not finite.</summary>
    internal bool EvaluateGrid(ReadOnlySpan<double> theta, ReadOnlySpan<double> weights, Span<float> f, bool range)
    {
        int length = _grid.PaddedLength;
        for (int start = 0; start < length; start += CheckChunk)
        {
            Span<float> chunk = f.Slice(start, Math.Min(CheckChunk, length - start));
            chunk.Clear();
            for (int k = 0; k < _families.Length; k++)
                _families[k].Accumulate(theta.Slice(_parameterOffsets[k], _families[k].ParameterCount), weights[k], _grid, start, chunk);
            if (!ChunkAcceptable(chunk, range)) return false;
        }
        return true;
    }

    /// <summary>All values in [0, 1] (range constraint) or all finite; 8 lanes at a time (the length is a multiple of 8).</summary>
    private static bool ChunkAcceptable(ReadOnlySpan<float> chunk, bool range)
    {
        ref float start = ref MemoryMarshal.GetReference(chunk);
        var bad = Vector256<float>.Zero;
        for (nuint i = 0; i < (nuint)chunk.Length; i += (nuint)Vector256<float>.Count)
        {
            var v = Vector256.LoadUnsafe(ref start, i);
            // NaN fails both comparisons, so it is caught by the range test as well.
            var ok = range
                ? Vector256.GreaterThanOrEqual(v, Vector256<float>.Zero) & Vector256.LessThanOrEqual(v, Vector256<float>.One)
                : Vector256.IsFinite(v).AsSingle();
            bad |= ~ok;
        }
        return bad == Vector256<float>.Zero;
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
