using LcPfn.Transformer.Model;
using LcPfn.Transformer.Runtime;
using Shouldly;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Tests.Model;

[Collection("Torch")]
public sealed class PfnAttentionMaskTests
{
    public PfnAttentionMaskTests() => TorchRuntime.Initialize(ComputeDevice.Cpu);

    [Fact]
    public void Create_TwoContextTwoQueries_ContextSeesContextQuerySeesContextAndSelf()
    {
        using var mask = PfnAttentionMask.Create(4, 2);
        bool[,] allowed = { { true, true, false, false }, { true, true, false, false }, { true, true, true, false }, { true, true, false, true } };
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                (mask[i, j].item<float>() == 0f).ShouldBe(allowed[i, j], $"({i},{j})");
    }

    [Fact]
    public void CreatePadded_ShortContext_PaddingSlotsOnlySeeThemselves()
    {
        using var mask = PfnAttentionMask.CreatePadded(5, [1, 3]);                       // Nmax = 3 context slots, 2 query slots
        mask.shape.ShouldBe([2, 1, 5, 5]);
        float Get(int b, int i, int j) => mask[b, 0, i, j].item<float>();
        Get(0, 4, 0).ShouldBe(0f);
        float.IsNegativeInfinity(Get(0, 4, 1)).ShouldBeTrue();                          // padding slot of curve 0
        Get(0, 1, 1).ShouldBe(0f);
        Get(1, 4, 2).ShouldBe(0f);
        float.IsNegativeInfinity(Get(1, 4, 3)).ShouldBeTrue();                          // another query
    }
}
