using LcPfn.Prior.Sampling;

namespace LcPfn.Prior.Batches;

/// <summary>
/// Draws right-censored training batches from a <see cref="CurvePrior"/>. Batch k holds the prior curves
/// k·B .. k·B + B − 1 of the seed, and its cutoffs come from a separate stream of (seed, k), so every batch is a
/// pure function of (seed, k): thread-safe, reproducible, and any batch can be (re)drawn in any order.
/// </summary>
public sealed class PriorBatchSampler
{
    /// <summary>Mixed into the seed for the cutoff streams so they never coincide with curve streams.</summary>
    private const ulong CutoffDomain = 0x6375746F66667321UL; // "cutoffs!"

    private readonly CurvePrior _prior;
    private readonly ulong _seed;
    private readonly ulong _cutoffSeed;

    /// <summary>Creates the sampler; validates the options.</summary>
    /// <exception cref="InvalidInputException">An option is invalid.</exception>
    public PriorBatchSampler(CurvePrior prior, PriorBatchOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(prior);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _prior = prior;
        Options = options;
        _seed = seed;
        _cutoffSeed = PriorRandom.Mix(seed ^ CutoffDomain);
    }

    /// <summary>The batch options.</summary>
    public PriorBatchOptions Options { get; }

    /// <summary>The prior it samples.</summary>
    public CurvePrior Prior => _prior;

    /// <summary>Batch number <paramref name="batchIndex"/> (≥ 0); deterministic in (seed, batchIndex), thread-safe.</summary>
    public PriorBatch Sample(long batchIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batchIndex);
        int b = Options.BatchSize;
        int s = _prior.Horizon;
        var curves = new float[b * s]; // curve-major
        var buffers = new CurveSampleBuffers(curves);
        if (Options.Threads == 1)
            _prior.Sample(_seed, batchIndex * b, b, curves);
        else
            _prior.SampleParallel(_seed, batchIndex * b, b, buffers, Options.Threads);

        var y = new float[s * b];
        Transpose(curves, y, b, s);
        var x = new float[s * b];
        for (int i = 0; i < s; i++)
            x.AsSpan(i * b, b).Fill(i + 1);

        var cutoffs = new int[b];
        var rng = PriorRandom.Create(_cutoffSeed, (ulong)batchIndex);
        if (Options.Cutoff == CutoffMode.PerBatch)
        {
            cutoffs.AsSpan().Fill(rng.NextInt(1, s - 1));
        }
        else
        {
            for (int i = 0; i < b; i++)
                cutoffs[i] = rng.NextInt(1, s - 1);
        }
        return new PriorBatch(s, b, cutoffs, x, y);
    }

    /// <summary>(B, S) curve-major to (S, B) sequence-first, in cache-friendly tiles.</summary>
    private static void Transpose(ReadOnlySpan<float> source, Span<float> target, int rows, int columns)
    {
        const int Tile = 16;
        for (int r0 = 0; r0 < rows; r0 += Tile)
        {
            int r1 = Math.Min(rows, r0 + Tile);
            for (int c0 = 0; c0 < columns; c0 += Tile)
            {
                int c1 = Math.Min(columns, c0 + Tile);
                for (int r = r0; r < r1; r++)
                {
                    for (int c = c0; c < c1; c++)
                        target[c * rows + r] = source[r * columns + c];
                }
            }
        }
    }
}
