using LcPfn.Transformer.Model;
using LcPfn.Transformer.Runtime;
using Shouldly;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Tests.Model;

[Collection("Torch")]
public sealed class PfnMultiheadAttentionTests
{
    public PfnMultiheadAttentionTests() => TorchRuntime.Initialize(ComputeDevice.Cpu);

    [Fact]
    public void Forward_FusedWithPfnMask_EqualsPlainAttention()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(5);
        using var attention = new PfnMultiheadAttention(64, 4, 0.2);
        attention.eval();
        using var noGrad = no_grad();
        var h = randn(30, 3, 64);                                                       // (S, B, E)
        var mask = PfnAttentionMask.Create(30, 12);
        (attention.call(h, mask) - attention.PlainForward(h, mask)).abs().max().item<float>().ShouldBeLessThan(1e-5f);
    }

    [Fact]
    public void Forward_FusedWithPaddedMask_EqualsPlainAttention()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(6);
        using var attention = new PfnMultiheadAttention(32, 2, 0.0);
        attention.eval();
        using var noGrad = no_grad();
        var h = randn(20, 4, 32);
        var mask = PfnAttentionMask.CreatePadded(20, [3, 10, 1, 15]);
        (attention.call(h, mask) - attention.PlainForward(h, mask)).abs().max().item<float>().ShouldBeLessThan(1e-5f);
    }

    [Fact]
    public void Forward_TrainingOnCpu_AveragesToTheDeterministicAttention()
    {
        // Training writes the attention out with PfnDropout on the weights; dropout is unbiased, so the mean over many
        // draws (4,000 copies of one curve in a batch) approaches the evaluation output.
        using var scope = NewDisposeScope();
        random.manual_seed(9);
        using var attention = new PfnMultiheadAttention(16, 2, 0.3);
        using var noGrad = no_grad();
        var h = randn(8, 1, 16).expand(8, 4000, 16).contiguous();                          // one curve, 4,000 draws
        var mask = PfnAttentionMask.Create(8, 5);
        attention.eval();
        var expected = attention.call(h, mask);
        attention.train();
        var mean = attention.call(h, mask).mean([1], keepdim: true);
        double spread = expected.abs().mean().item<float>();
        (mean - expected[.., 0..1]).abs().max().item<float>().ShouldBeLessThan((float)(0.05 * spread + 1e-3));
        attention.call(h, mask).eq(expected).all().item<bool>().ShouldBeFalse();
    }
}
