using LcPfn.Transformer.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Model;

/// <summary>
/// One post-norm transformer encoder layer with GELU (spec §2.5), PyTorch <c>TransformerEncoderLayer</c> names:
/// <c>h = norm1(h + dropout1(self_attn(h)))</c>, <c>h = norm2(h + dropout2(linear2(dropout(gelu(linear1(h))))))</c>.
/// </summary>
public sealed class PfnEncoderLayer : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>LayerNorm epsilon of the reference.</summary>
    public const double LayerNormEpsilon = 1e-5;

    // Field names are checkpoint keys (PyTorch naming on purpose).
#pragma warning disable IDE1006
    private readonly PfnMultiheadAttention self_attn;
    private readonly Linear linear1;
    private readonly Linear linear2;
    private readonly LayerNorm norm1;
    private readonly LayerNorm norm2;
    private readonly PfnDropout dropout;
    private readonly PfnDropout dropout1;
    private readonly PfnDropout dropout2;
#pragma warning restore IDE1006

    /// <summary>Creates a layer with PyTorch default initialisation (the model then zeroes its output branches).</summary>
    /// <param name="options">E, heads, FFN width and dropout.</param>
    public PfnEncoderLayer(ModelOptions options) : base(nameof(PfnEncoderLayer))
    {
        ArgumentNullException.ThrowIfNull(options);
        self_attn = new PfnMultiheadAttention(options.EmbeddingSize, options.Heads, options.Dropout);
        linear1 = nn.Linear(options.EmbeddingSize, options.FeedForwardSize);
        linear2 = nn.Linear(options.FeedForwardSize, options.EmbeddingSize);
        norm1 = nn.LayerNorm(options.EmbeddingSize, LayerNormEpsilon);
        norm2 = nn.LayerNorm(options.EmbeddingSize, LayerNormEpsilon);
        dropout = new PfnDropout(options.Dropout);
        dropout1 = new PfnDropout(options.Dropout);
        dropout2 = new PfnDropout(options.Dropout);
        RegisterComponents();
    }

    /// <summary>The attention block (tests compare it with plain attention).</summary>
    internal PfnMultiheadAttention SelfAttention => self_attn;

    /// <summary>Zeroes the attention out-projection and the second FFN linear, so each residual branch starts as identity (spec §2.7).</summary>
    internal void ZeroResidualOutputs()
    {
        using var noGrad = no_grad();
        self_attn.OutProjection.weight!.zero_();
        self_attn.OutProjection.bias!.zero_();
        linear2.weight!.zero_();
        linear2.bias!.zero_();
    }

    /// <summary>h (S, B, E) with an additive mask (S, S) or (B, 1, S, S) → (S, B, E).</summary>
    public override Tensor forward(Tensor h, Tensor mask) => Forward(h, mask, 0);

    /// <summary>
    /// The layer's outputs for rows <paramref name="outputsFrom"/>..S only (S − from, B, E): every row still serves as
    /// a key and value, but the other rows' attention outputs, residuals, norms and feed-forward are not computed.
    /// </summary>
    public Tensor Forward(Tensor h, Tensor mask, long outputsFrom)
    {
        using var scope = NewDisposeScope();
        var rows = outputsFrom == 0 ? h : h.narrow(0, outputsFrom, h.shape[0] - outputsFrom); // (M, B, E)
        var x = norm1.call(rows.Plus(dropout1.call(self_attn.Forward(h, mask, outputsFrom)))); // (M, B, E)
        var f = linear2.call(dropout.call(nn.functional.gelu(linear1.call(x))));        // (M, B, E)
        return norm2.call(x.Plus(dropout2.call(f))).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            self_attn.Dispose();
            linear1.Dispose();
            linear2.Dispose();
            norm1.Dispose();
            norm2.Dispose();
            dropout.Dispose();
            dropout1.Dispose();
            dropout2.Dispose();
        }
        base.Dispose(disposing);
    }
}
