using LcPfn.Transformer.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Model;

/// <summary>
/// The PFN attention mask (spec §2.4): token i may attend token j when j is a context token or i == j. So context
/// tokens see all context tokens, and a query sees the context and itself, never another query. Masks are additive
/// floats (0 = allowed, −inf = forbidden), the convention of <c>scaled_dot_product_attention</c>.
/// </summary>
public static class PfnAttentionMask
{
    // Rooted: see HeldScalars (seen once as "toFloat" failing inside masked_fill during a parallel replay sweep).
    private static readonly Scalar Forbidden = double.NegativeInfinity.ToScalar();

    /// <summary>The (S, S) mask shared by all curves when every curve has <paramref name="contextLength"/> context tokens.</summary>
    /// <param name="sequenceLength">S = context + query tokens.</param>
    /// <param name="contextLength">Number of leading context tokens, in [0, S].</param>
    /// <param name="device">Where to create it.</param>
    public static Tensor Create(long sequenceLength, long contextLength, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(contextLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(contextLength, sequenceLength);
        using var scope = NewDisposeScope();
        var columns = HeldScalars.Range(sequenceLength, device);                        // (S)
        var allowed = columns.LessThan(contextLength).unsqueeze(0).expand(sequenceLength, -1)   // (S, S)
            .logical_or(eye(sequenceLength, dtype: ScalarType.Bool, device: device));
        return zeros(sequenceLength, sequenceLength, device: device)
            .masked_fill(allowed.logical_not(), Forbidden)
            .MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The (B, 1, S, S) mask of a padded batch: the first <c>Nmax</c> tokens are context slots, of which curve b uses
    /// the first <paramref name="contextLengths"/>[b]; unused (padding) slots are attended by nobody but themselves.
    /// </summary>
    /// <param name="sequenceLength">S = Nmax + query slots.</param>
    /// <param name="contextLengths">Context tokens per curve, each in [0, S].</param>
    /// <param name="device">Where to create it.</param>
    public static Tensor CreatePadded(long sequenceLength, long[] contextLengths, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(contextLengths);
        using var scope = NewDisposeScope();
        var lengths = tensor(contextLengths, device: device).view(-1, 1, 1);             // (B, 1, 1)
        var columns = HeldScalars.Range(sequenceLength, device).view(1, 1, -1);        // (1, 1, S)
        var allowed = (columns < lengths)                                                // (B, 1, S)
            .logical_or(eye(sequenceLength, dtype: ScalarType.Bool, device: device).unsqueeze(0)); // (B, S, S)
        return zeros(allowed.shape, device: device)
            .masked_fill(allowed.logical_not(), Forbidden)
            .unsqueeze(1)                                                               // (B, 1, S, S)
            .MoveToOuterDisposeScope();
    }
}
