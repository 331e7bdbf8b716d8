using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Model;

/// <summary>
/// The stack of L <see cref="PfnEncoderLayer"/>s (field <c>layers</c>, as PyTorch's <c>TransformerEncoder</c>), no final
/// norm. All layers start identical, as the reference deep-copies one layer (spec §2.7).
/// </summary>
public sealed class PfnTransformerEncoder : nn.Module<Tensor, Tensor, Tensor>
{
    // Field names are checkpoint keys (PyTorch naming on purpose).
#pragma warning disable IDE1006
    private readonly ModuleList<PfnEncoderLayer> layers;
#pragma warning restore IDE1006

    /// <summary>Creates L layers: the first initialised and its residual outputs zeroed, the others copies of it.</summary>
    /// <param name="options">The architecture.</param>
    public PfnTransformerEncoder(ModelOptions options) : base(nameof(PfnTransformerEncoder))
    {
        ArgumentNullException.ThrowIfNull(options);
        var created = new PfnEncoderLayer[options.Layers];
        created[0] = new PfnEncoderLayer(options);
        created[0].ZeroResidualOutputs();
        var first = created[0].state_dict();
        for (int i = 1; i < created.Length; i++)
        {
            created[i] = new PfnEncoderLayer(options);
            created[i].load_state_dict(first);
        }
        layers = nn.ModuleList(created);
        RegisterComponents();
    }

    /// <summary>The layers, in order.</summary>
    internal IReadOnlyList<PfnEncoderLayer> Layers => [.. layers];

    /// <summary>h (S, B, E) through every layer with the same mask → (S, B, E).</summary>
    public override Tensor forward(Tensor h, Tensor mask) => Forward(h, mask, 0);

    /// <summary>
    /// h (S, B, E) through every layer; the last layer computes rows <paramref name="outputsFrom"/>..S only, since no
    /// later layer reads the others (the queries' hidden states need every row's keys and values in every layer but
    /// the rows' own outputs only up to the second-last). Returns (S − from, B, E), exactly those rows of the full pass.
    /// </summary>
    public Tensor Forward(Tensor h, Tensor mask, long outputsFrom)
    {
        using var scope = NewDisposeScope();
        for (int i = 0; i < layers.Count; i++)
            h = layers[i].Forward(h, mask, i == layers.Count - 1 ? outputsFrom : 0);   // (S, B, E), the last (M, B, E)
        return h.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) layers.Dispose();
        base.Dispose(disposing);
    }
}
