namespace LcPfn.Prior.Batches;

/// <summary>
/// One right-censored training batch, sequence-first (the reference's <c>(s, b)</c> layout) in float32 arrays that
/// can be wrapped as tensors without another copy: <c>X[s * B + b]</c> = s + 1 and <c>Y[s * B + b]</c> = noisy value
/// of curve b at epoch s + 1. Positions 0..Cutoff−1 are context, Cutoff..S−1 are queries (and loss targets).
/// </summary>
public sealed class PriorBatch
{
    /// <summary>Creates a batch over the given buffers (taken, not copied).</summary>
    public PriorBatch(int sequenceLength, int batchSize, int[] cutoffs, float[] x, float[] y)
    {
        ArgumentNullException.ThrowIfNull(cutoffs);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (cutoffs.Length != batchSize) throw new ArgumentException($"cutoffs has {cutoffs.Length} entries; batch size is {batchSize}.", nameof(cutoffs));
        if (x.Length != sequenceLength * batchSize) throw new ArgumentException($"x has {x.Length} values; expected {sequenceLength * batchSize}.", nameof(x));
        if (y.Length != sequenceLength * batchSize) throw new ArgumentException($"y has {y.Length} values; expected {sequenceLength * batchSize}.", nameof(y));
        SequenceLength = sequenceLength;
        BatchSize = batchSize;
        Cutoffs = cutoffs;
        Cutoff = cutoffs.Length > 0 ? cutoffs[0] : 0;
        X = x;
        Y = y;
    }

    /// <summary>S: points per curve (the horizon).</summary>
    public int SequenceLength { get; }

    /// <summary>B: curves in the batch.</summary>
    public int BatchSize { get; }

    /// <summary>The cutoff (number of context points, in 1..S−1) of the first curve; the batch's single cutoff in
    /// <see cref="CutoffMode.PerBatch"/> mode.</summary>
    public int Cutoff { get; }

    /// <summary>The cutoff of each curve (all equal to <see cref="Cutoff"/> in <see cref="CutoffMode.PerBatch"/> mode).</summary>
    public int[] Cutoffs { get; }

    /// <summary>(S, B) epoch numbers: <c>X[s * B + b]</c> = s + 1.</summary>
    public float[] X { get; }

    /// <summary>(S, B) noisy values: <c>Y[s * B + b]</c> is curve b at epoch s + 1.</summary>
    public float[] Y { get; }
}
