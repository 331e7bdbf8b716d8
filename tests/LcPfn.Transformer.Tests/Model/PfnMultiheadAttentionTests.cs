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

    [Fact]
    public void Forward_TrainingOnCpu_EqualsPlainMathWithTheSameMask_OutputAndGradient()
    {
        // The optimised training path (written-out attention, managed dropout mask) against the formula computed by
        // hand from the state dict with the mask the same torch seed gives: same output, same gradient.
        using var scope = NewDisposeScope();
        random.manual_seed(3);
        using var attention = new PfnMultiheadAttention(16, 2, 0.25);
        attention.train();
        var mask = PfnAttentionMask.Create(7, 4);
        var h1 = randn(7, 3, 16).requires_grad_(true);
        var h2 = h1.detach().clone().requires_grad_(true);

        random.manual_seed(77);
        var actual = attention.call(h1, mask);
        actual.sum().backward();

        var p = attention.state_dict();
        var qkv = nn.functional.linear(h2, p["in_proj_weight"], p["in_proj_bias"]).view(7, 3, 3, 2, 8).permute(2, 1, 3, 0, 4);
        var weights = (qkv[0].matmul(qkv[1].transpose(-2, -1)) / Math.Sqrt(8) + mask).softmax(-1);   // (B, H, S, S)
        random.manual_seed(77);
        ulong seed;
        using (var draw = randint(long.MaxValue, [1], dtype: ScalarType.Int64)) seed = (ulong)draw.item<long>();
        var dropped = weights * DropoutMask.Sample(weights.shape, 0.75, seed);
        var expected = nn.functional.linear(dropped.matmul(qkv[2]).permute(2, 0, 1, 3).reshape(7, 3, 16), p["out_proj.weight"], p["out_proj.bias"]);
        expected.sum().backward();

        (actual - expected).abs().max().item<float>().ShouldBeLessThan(1e-5f);
        (h1.grad! - h2.grad!).abs().max().item<float>().ShouldBeLessThan(1e-5f);
        attention.eval();
        (attention.call(h1, mask) - actual).abs().max().item<float>().ShouldBeGreaterThan(1e-3f, "dropout was applied");
    }
}
