using LcPfn.Transformer.Model;
using LcPfn.Transformer.Runtime;
using Shouldly;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Tests.Model;

/// <summary>The last layer computes the query rows only: the same numbers as the full pass, forward and backward.</summary>
[Collection("Torch")]
public sealed class PfnTransformerEncoderTests
{
    public PfnTransformerEncoderTests() => TorchRuntime.Initialize(ComputeDevice.Cpu);

    /// <summary>A 3-layer encoder whose weights are all random (a fresh one starts with zeroed residual outputs).</summary>
    private static PfnTransformerEncoder RandomEncoder(int heads, int seed)
    {
        random.manual_seed(seed);
        var encoder = new PfnTransformerEncoder(ModelOptions.FromPreset("tiny") with { Layers = 3, Heads = heads, Dropout = 0 });
        using var noGrad = no_grad();
        foreach (var p in encoder.parameters()) p.add_(randn_like(p).mul(0.3));
        return encoder;
    }

    public static TheoryData<bool> Masks => [false, true];

    [Theory]
    [MemberData(nameof(Masks))]
    public void Forward_OutputsFromContextLength_EqualsTheFullPassQueryRows(bool padded)
    {
        using var scope = NewDisposeScope();
        using var encoder = RandomEncoder(heads: 2, seed: 11);
        encoder.eval();
        long s = 25, n = 9, e = ModelOptions.FromPreset("tiny").EmbeddingSize;
        var h = randn(s, 4, e);
        var mask = padded ? PfnAttentionMask.CreatePadded(s, [9, 3, 1, 6]) : PfnAttentionMask.Create(s, n);
        using var noGrad = no_grad();
        var full = encoder.call(h, mask).narrow(0, n, s - n);                           // (M, B, E)
        var rows = encoder.Forward(h, mask, n);
        rows.shape.ShouldBe(full.shape);
        full.abs().max().item<float>().ShouldBeGreaterThan(0.1f);                      // not a degenerate (zero) output
        (rows - full).abs().max().item<float>().ShouldBeLessThan(1e-5f);
    }

    [Fact]
    public void Backward_OutputsFromContextLength_SameGradientsAsTheFullPass()
    {
        using var scope = NewDisposeScope();
        using var encoder = RandomEncoder(heads: 1, seed: 12);
        encoder.train();                                                                // dropout 0: training = evaluation
        long s = 20, n = 8, e = ModelOptions.FromPreset("tiny").EmbeddingSize;
        var h = randn(s, 3, e);
        var mask = PfnAttentionMask.Create(s, n);
        var weights = randn(s - n, 3, e);

        encoder.zero_grad();
        encoder.call(h, mask).narrow(0, n, s - n).mul(weights).sum().backward();
        var expected = encoder.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.clone());
        encoder.zero_grad();
        encoder.Forward(h, mask, n).mul(weights).sum().backward();

        foreach (var (name, parameter) in encoder.named_parameters())
        {
            float scale = Math.Max(1f, expected[name].abs().max().item<float>());
            (parameter.grad! - expected[name]).abs().max().item<float>().ShouldBeLessThan(1e-4f * scale, name);
        }
    }
}
