using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Model;

/// <summary>
/// <c>Linear(1, E)</c> with bias that first replaces NaN inputs by 0, as the reference's value encoders do (spec §2.2).
/// Fields <c>weight</c> (E, 1) and <c>bias</c> (E) carry the reference names.
/// </summary>
public sealed class NanSafeLinear : nn.Module<Tensor, Tensor>
{
    // Field names are checkpoint keys (PyTorch naming on purpose).
#pragma warning disable IDE1006
    private readonly Parameter weight;
    private readonly Parameter bias;
#pragma warning restore IDE1006

    /// <summary>Creates the layer with PyTorch's default initialisation U(±1/sqrt(fan_in)).</summary>
    /// <param name="inFeatures">Input features (1 for the LC-PFN encoders).</param>
    /// <param name="outFeatures">Output features E.</param>
    public NanSafeLinear(int inFeatures, int outFeatures) : base(nameof(NanSafeLinear))
    {
        double bound = 1.0 / Math.Sqrt(inFeatures);
        weight = new Parameter(empty(outFeatures, inFeatures).uniform_(-bound, bound));
        bias = new Parameter(empty(outFeatures).uniform_(-bound, bound));
        RegisterComponents();
    }

    /// <summary>(..., in) → (..., out), NaN inputs read as 0.</summary>
    public override Tensor forward(Tensor input) => nn.functional.linear(input.nan_to_num(0.0), weight, bias);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            weight.Dispose();
            bias.Dispose();
        }
        base.Dispose(disposing);
    }
}
