using LcPfn.Transformer.Model;
using LcPfn.Transformer.Runtime;
using Shouldly;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Tests.Model;

[Collection("Torch")]
public sealed class PfnDropoutTests
{
    public PfnDropoutTests() => TorchRuntime.Initialize(ComputeDevice.Cpu);

    [Fact]
    public void Forward_Training_ZeroesOrScalesEachElementAndGradientIsTheMask()
    {
        using var scope = NewDisposeScope();
        using var dropout = new PfnDropout(0.25);
        dropout.train();
        var x = (rand(40, 30, 20) + 1).requires_grad_(true);
        var y = dropout.call(x);
        var ratio = (y / x).detach();
        var zero = ratio.eq(0);
        var scaled = (ratio - 1 / 0.75).abs().lt(1e-5);
        zero.logical_or(scaled).all().item<bool>().ShouldBeTrue();
        zero.to(ScalarType.Float32).mean().item<float>().ShouldBe(0.25f, 0.01f);       // 24,000 elements: sd 0.003
        y.sum().backward();
        (x.grad! - ratio).abs().max().item<float>().ShouldBeLessThan(1e-6f);
    }

    [Fact]
    public void Forward_SameTorchSeed_SameMask_OtherSeed_OtherMask()
    {
        using var scope = NewDisposeScope();
        using var dropout = new PfnDropout(0.2);
        dropout.train();
        var x = ones(1000);
        random.manual_seed(42);
        var first = dropout.call(x);
        random.manual_seed(42);
        var again = dropout.call(x);
        var next = dropout.call(x);
        first.eq(again).all().item<bool>().ShouldBeTrue();
        first.eq(next).all().item<bool>().ShouldBeFalse();
    }

    [Fact]
    public void Forward_Evaluation_ReturnsTheInput()
    {
        using var scope = NewDisposeScope();
        using var dropout = new PfnDropout(0.5);
        dropout.eval();
        var x = randn(10, 10);
        dropout.call(x).eq(x).all().item<bool>().ShouldBeTrue();
    }

    [Fact]
    public void Forward_Bfloat16Input_KeepsItsType()
    {
        using var scope = NewDisposeScope();
        using var dropout = new PfnDropout(0.2);
        dropout.train();
        dropout.call(ones(8, 8, dtype: ScalarType.BFloat16)).dtype.ShouldBe(ScalarType.BFloat16);
    }
}
