using LcPfn.Transformer.Model;
using LcPfn.Transformer.Runtime;
using Shouldly;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Tests.Model;

[Collection("Torch")]
public sealed class LcPfnModelTests
{
    public LcPfnModelTests() => TorchRuntime.Initialize(ComputeDevice.Cpu);

    [Fact]
    public void StateDict_Keys_AreTheReferenceNames()
    {
        var fixture = ReferenceForwardFixture.Load();
        using var model = ReferenceForwardFixture.Options.CreateModel();
        var expected = fixture.StateDictKeys.Where(k => !k.StartsWith("criterion.", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        model.state_dict().Keys.Order(StringComparer.Ordinal).ShouldBe(expected);
        foreach (var (key, value) in model.state_dict())
        {
            using var reference = fixture.StateTensor(key);
            value.shape.ShouldBe(reference.shape, key);
        }
    }

    [Fact]
    public void Forward_ReferenceWeights_ReproducesReferenceLogits()
    {
        var fixture = ReferenceForwardFixture.Load();
        using var scope = NewDisposeScope();
        using var model = ReferenceForwardFixture.Options.CreateModel();
        fixture.CopyInto(model);
        model.eval();
        var x = fixture.Get("x").squeeze(-1);                                          // (12, 3)
        var y = fixture.Get("y_context");                                               // (5, 3)
        using var noGrad = no_grad();
        var logits = model.call(x, y, PfnAttentionMask.Create(x.shape[0], fixture.SingleEvalPos)); // (7, 3, 10)
        var expected = fixture.Get("logits");
        logits.shape.ShouldBe(expected.shape);
        (logits - expected).abs().max().item<float>().ShouldBeLessThan(1e-5f);
    }

    [Fact]
    public void CreateModel_Initialisation_ZeroedOutputBranchesAndIdenticalLayers()
    {
        using var model = new ModelOptions { EmbeddingSize = 32, Layers = 3, Heads = 2, FeedForwardSize = 64, Buckets = 10 }.CreateModel(seed: 7);
        var sd = model.state_dict();
        foreach (var suffix in new[] { "self_attn.out_proj.weight", "self_attn.out_proj.bias", "linear2.weight", "linear2.bias" })
            sd[$"transformer_encoder.layers.1.{suffix}"].abs().sum().item<float>().ShouldBe(0f);
        sd["transformer_encoder.layers.0.self_attn.in_proj_bias"].abs().sum().item<float>().ShouldBe(0f);
        foreach (var key in sd.Keys.Where(k => k.StartsWith("transformer_encoder.layers.0.", StringComparison.Ordinal)))
        {
            sd[key].equal(sd[key.Replace("layers.0.", "layers.2.", StringComparison.Ordinal)]).all().item<bool>().ShouldBeTrue(key);
        }
        sd["encoder.2.weight"].abs().max().item<float>().ShouldBeLessThanOrEqualTo(1f);
    }

    [Fact]
    public void CreateModel_SameSeed_SameWeights()
    {
        using var a = ModelOptions.FromPreset("tiny").CreateModel(seed: 3);
        using var b = ModelOptions.FromPreset("tiny").CreateModel(seed: 3);
        foreach (var (key, value) in a.state_dict())
            value.equal(b.state_dict()[key]).all().item<bool>().ShouldBeTrue(key);
    }

    [Fact]
    public void Forward_PermutedContext_SameLogits()
    {
        using var scope = NewDisposeScope();
        using var model = RandomizedTinyModel();
        using var noGrad = no_grad();
        var x = arange(1, 21, dtype: ScalarType.Float32).unsqueeze(1);                  // (20, 1)
        var y = linspace(0.2, 0.8, 8).unsqueeze(1);                                     // (8, 1)
        var mask = PfnAttentionMask.Create(20, 8);
        var logits = model.call(x, y, mask);
        var permutation = tensor(new long[] { 5, 2, 7, 0, 1, 6, 3, 4 });
        var xPermuted = cat([x.narrow(0, 0, 8).index_select(0, permutation), x.narrow(0, 8, 12)], 0);
        var permuted = model.call(xPermuted, y.index_select(0, permutation), mask);
        (logits - permuted).abs().max().item<float>().ShouldBeLessThan(1e-4f);
    }

    [Fact]
    public void EncodeThenDecode_IsTheForwardPass()
    {
        using var scope = NewDisposeScope();
        using var model = RandomizedTinyModel(scheduleInput: true);
        using var noGrad = no_grad();
        var x = arange(1, 21, dtype: ScalarType.Float32).unsqueeze(1);                  // (20, 1)
        var y = linspace(0.2, 0.8, 8).unsqueeze(1);
        var lr = (1 - x / 20).to(ScalarType.Float32);
        var mask = PfnAttentionMask.Create(20, 8);
        var hidden = model.Encode(x, y, lr, mask);
        hidden.shape.ShouldBe([12L, 1L, 32L]);
        (model.Decode(hidden) - model.Forward(x, y, lr, mask)).abs().max().item<float>().ShouldBe(0f);
    }

    [Fact]
    public void Forward_OtherQueriesAddedOrRemoved_QueryLogitsUnchanged()
    {
        using var scope = NewDisposeScope();
        using var model = RandomizedTinyModel();
        using var noGrad = no_grad();
        var x = arange(1, 21, dtype: ScalarType.Float32).unsqueeze(1);                  // (20, 1): 8 context, 12 queries
        var y = linspace(0.2, 0.8, 8).unsqueeze(1);
        var all = model.call(x, y, PfnAttentionMask.Create(20, 8));                     // (12, 1, K)
        var oneQuery = cat([x.narrow(0, 0, 8), x.narrow(0, 19, 1)], 0);                  // context + last epoch only
        var single = model.call(oneQuery, y, PfnAttentionMask.Create(9, 8));            // (1, 1, K)
        (all[11] - single[0]).abs().max().item<float>().ShouldBeLessThan(1e-4f);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(99)]
    public void Forward_ExtremeCutoffs_FiniteLogits(int cutoff)
    {
        using var scope = NewDisposeScope();
        using var model = RandomizedTinyModel();
        using var noGrad = no_grad();
        var x = arange(1, 101, dtype: ScalarType.Float32).unsqueeze(1).expand(-1, 2);   // (100, 2)
        var y = rand(cutoff, 2);
        var logits = model.call(x, y, PfnAttentionMask.Create(100, cutoff));
        logits.shape.ShouldBe([100 - cutoff, 2, 1000]);
        logits.isfinite().all().item<bool>().ShouldBeTrue();
    }

    [Fact]
    public void ParameterCount_ReferenceConfigurations_MatchSpec()
    {
        ModelOptions.FromPreset("large").ParameterCount.ShouldBe(26_785_768);
        ModelOptions.FromPreset("medium").ParameterCount.ShouldBe(14_169_064);
        ModelOptions.FromPreset("base").ParameterCount.ShouldBe(2_226_920);
        ModelOptions.FromPreset("small").ParameterCount.ShouldBe(687_976);
        using var model = ModelOptions.FromPreset("tiny").CreateModel();
        model.parameters().Sum(p => p.numel()).ShouldBe(ModelOptions.FromPreset("tiny").ParameterCount);
    }

    /// <summary>A tiny model whose zeroed branches were perturbed so that structure tests exercise every weight.</summary>
    internal static LcPfnModel RandomizedTinyModel(bool scheduleInput = false)
    {
        var model = (ModelOptions.FromPreset("tiny") with { ScheduleInput = scheduleInput }).CreateModel(seed: 11);
        using (no_grad())
        {
            var generator = new Generator(4711);
            foreach (var p in model.parameters()) p.add_(randn(p.shape, generator: generator) * 0.1);
        }
        model.eval();
        return model;
    }
}
