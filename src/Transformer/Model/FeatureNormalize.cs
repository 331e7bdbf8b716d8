using TorchSharp;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Model;

/// <summary>
/// A fixed affine map <c>(v − mean) / std</c> without parameters, as the reference's <c>Normalize</c> encoder step.
/// The x encoder uses two of them (v/101, then standardise a U(0,1) variable); the y encoder one.
/// </summary>
public sealed class FeatureNormalize : nn.Module<Tensor, Tensor>
{
    private readonly double _mean;
    private readonly double _std;

    /// <summary>Creates the map <c>(v − <paramref name="mean"/>) / <paramref name="std"/></c>.</summary>
    /// <param name="mean">Subtracted first.</param>
    /// <param name="std">Divisor; must be positive.</param>
    public FeatureNormalize(double mean, double std) : base(nameof(FeatureNormalize))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(std);
        _mean = mean;
        _std = std;
        RegisterComponents();
    }

    /// <summary>Applies the map elementwise.</summary>
    public override Tensor forward(Tensor input)
    {
        // Scalars held by `using` until the calls return: an implicit temporary could be finalized mid-call.
        using var mean = _mean.ToScalar();
        using var std = _std.ToScalar();
        using var centred = input.sub(mean);
        return centred.div(std);
    }
}
