using LcPfn.Transformer.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Model;

/// <summary>
/// Multi-head self-attention with PyTorch <c>nn.MultiheadAttention</c> parameters (packed in-projection
/// <c>in_proj_weight</c> (3E, E) + <c>in_proj_bias</c>, then <c>out_proj</c>), computed with the fused
/// <c>scaled_dot_product_attention</c> kernel and an additive mask. Scale 1/sqrt(E/heads); attention dropout in training.
/// Training on the CPU writes the attention out (softmax, <see cref="PfnDropout"/> on the weights, product with v):
/// LibTorch's CPU kernel takes its slow dropout path there, and its fused kernels do not run with dropout anyway.
/// </summary>
public sealed class PfnMultiheadAttention : nn.Module<Tensor, Tensor, Tensor>
{
    // Field names are checkpoint keys (PyTorch naming on purpose).
#pragma warning disable IDE1006
    private readonly Parameter in_proj_weight;
    private readonly Parameter in_proj_bias;
    private readonly Linear out_proj;
#pragma warning restore IDE1006
    private readonly PfnDropout _weightDropout;
    private readonly int _heads;
    private readonly double _dropout;

    /// <summary>Creates the block: in-projection Xavier-uniform with zero bias, out-projection as a PyTorch Linear.</summary>
    /// <param name="embeddingSize">E.</param>
    /// <param name="heads">Number of heads; divides E.</param>
    /// <param name="dropout">Dropout on the attention weights during training.</param>
    public PfnMultiheadAttention(int embeddingSize, int heads, double dropout) : base(nameof(PfnMultiheadAttention))
    {
        _heads = heads;
        _dropout = dropout;
        _weightDropout = new PfnDropout(dropout);
        in_proj_weight = new Parameter(nn.init.xavier_uniform_(empty(3 * embeddingSize, embeddingSize)));
        in_proj_bias = new Parameter(zeros(3 * embeddingSize));
        out_proj = nn.Linear(embeddingSize, embeddingSize);
        RegisterComponents();
    }

    /// <summary>The output projection, exposed for the initialisation that zeroes it.</summary>
    internal Linear OutProjection => out_proj;

    /// <summary>Self-attention over h (S, B, E) with an additive mask (S, S) or (B, 1, S, S); returns (S, B, E).</summary>
    public override Tensor forward(Tensor h, Tensor mask) => Forward(h, mask, 0);

    /// <summary>
    /// Self-attention over h (S, B, E) whose outputs are wanted for rows <paramref name="outputsFrom"/>..S only: their
    /// queries attend to the keys and values of every row, under the mask's rows for them. Returns (S − from, B, E),
    /// exactly those rows of the full output (the other rows' queries are never formed).
    /// </summary>
    public Tensor Forward(Tensor h, Tensor mask, long outputsFrom)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(outputsFrom);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(outputsFrom, h.shape[0]);
        using var scope = NewDisposeScope();
        var (q, k, v) = Project(h, outputsFrom);                                        // (B, H, M, d), (B, H, S, d) × 2
        var rows = outputsFrom == 0 ? mask : mask.narrow(-2, outputsFrom, mask.shape[^2] - outputsFrom); // (M, S) or (B, 1, M, S)
        var attended = training && _dropout > 0 && h.device_type == DeviceType.CPU
            ? Attend(q, k, v, rows, _weightDropout)                                    // (B, H, M, d)
            : nn.functional.scaled_dot_product_attention(q, k, v, rows, training ? _dropout : 0.0);
        return Merge(attended).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The same computation written out (softmax(q·kᵀ/√d + mask)·v, no dropout): the oracle the fused kernel is tested
    /// against.
    /// </summary>
    internal Tensor PlainForward(Tensor h, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var (q, k, v) = Project(h, 0);                                                  // each (B, H, S, d)
        return Merge(Attend(q, k, v, mask, null)).MoveToOuterDisposeScope();
    }

    private static Tensor Attend(Tensor q, Tensor k, Tensor v, Tensor mask, PfnDropout? weightDropout)
    {
        using var scale = (1.0 / Math.Sqrt(q.shape[^1])).ToScalar();                  // held: see PfnAttentionMask
        var weights = q.matmul(k.transpose(-2, -1)).mul(scale).Plus(mask).softmax(-1);  // (B, H, S, S)
        if (weightDropout is not null) weights = weightDropout.call(weights);
        return weights.matmul(v);                                                        // (B, H, S, d)
    }

    /// <summary>q of rows from..S (B, H, M, d); k and v of every row (B, H, S, d).</summary>
    private (Tensor Q, Tensor K, Tensor V) Project(Tensor h, long from)
    {
        long s = h.shape[0], b = h.shape[1], e = h.shape[2], d = e / _heads;
        if (from == 0)
        {
            var qkv = nn.functional.linear(h, in_proj_weight, in_proj_bias)              // (S, B, 3E)
                .view(s, b, 3, _heads, d)                                               // (S, B, 3, H, d)
                .permute(2, 1, 3, 0, 4);                                                // (3, B, H, S, d)
            return (qkv[0], qkv[1], qkv[2]);
        }
        long m = s - from;
        var q = nn.functional.linear(h.narrow(0, from, m), in_proj_weight.narrow(0, 0, e), in_proj_bias.narrow(0, 0, e)) // (M, B, E)
            .view(m, b, _heads, d)
            .permute(1, 2, 0, 3);                                                       // (B, H, M, d)
        var kv = nn.functional.linear(h, in_proj_weight.narrow(0, e, 2 * e), in_proj_bias.narrow(0, e, 2 * e)) // (S, B, 2E)
            .view(s, b, 2, _heads, d)
            .permute(2, 1, 3, 0, 4);                                                    // (2, B, H, S, d)
        return (q, kv[0], kv[1]);
    }

    /// <summary>(B, H, M, d) → out_proj → (M, B, E).</summary>
    private Tensor Merge(Tensor attended)
    {
        long b = attended.shape[0], m = attended.shape[2];
        return out_proj.call(attended.permute(2, 0, 1, 3).reshape(m, b, -1));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            in_proj_weight.Dispose();
            in_proj_bias.Dispose();
            out_proj.Dispose();
            _weightDropout.Dispose();
        }
        base.Dispose(disposing);
    }
}
