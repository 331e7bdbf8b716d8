using TorchSharp;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Model;

/// <summary>
/// Inverted dropout, as PyTorch's <c>nn.Dropout</c> (identity outside training): on the CPU the mask comes from
/// <see cref="DropoutMask"/> with a seed drawn from LibTorch's default generator (so the trainer's per-step seed still
/// fixes it), more than ten times faster than LibTorch's CPU dropout; on other devices it is LibTorch's own dropout.
/// Both keep an element with probability 1 − p and scale it by 1/(1 − p): the same distribution, other random numbers.
/// </summary>
public sealed class PfnDropout : nn.Module<Tensor, Tensor>
{
    private readonly double _probability;

    /// <summary>Creates the module.</summary>
    /// <param name="probability">Probability p of zeroing an element, in [0, 1).</param>
    public PfnDropout(double probability) : base(nameof(PfnDropout))
    {
        if (!(probability >= 0 && probability < 1))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "must be in [0, 1)");
        _probability = probability;
    }

    /// <summary>x with dropout applied in training; x itself (an alias) otherwise.</summary>
    public override Tensor forward(Tensor x)
    {
        if (!training || _probability == 0) return x.alias();
        if (x.device_type != DeviceType.CPU) return nn.functional.dropout(x, _probability, training: true);
        using var scope = NewDisposeScope();
        ulong seed;
        using (var draw = randint(long.MaxValue, [1], dtype: ScalarType.Int64))
            seed = (ulong)draw.item<long>();
        var mask = DropoutMask.Sample(x.shape, 1 - _probability, seed);
        return x.mul(mask.to(x.dtype)).MoveToOuterDisposeScope();
    }
}
