using LcPfn.EarlyStop.Evaluation;
using LcPfn.Prior;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Evaluation;

public sealed class PriorTestSetTests
{
    /// <summary>A fake prior: curve i is constant at (i mod 4) / 2, so indexes 3, 7, 11, … lie above 1.</summary>
    private static void Sample(ulong seed, long first, int count, Span<float> noisy)
    {
        int h = noisy.Length / count;
        for (int c = 0; c < count; c++) noisy.Slice(c * h, h).Fill((first + c) % 4 / 2f);
    }

    [Fact]
    public void Create_DrawsOutsideUnitInterval_ArePassedOverAndCounted()
    {
        var set = PriorTestSet.Create(Sample, horizon: 5, count: 6);

        set.Curves.Select(c => c.RunId).ShouldBe(["0", "1", "2", "4", "5", "6"]);
        set.Excluded.ShouldBe(1);
        set.Curves.ShouldAllBe(c => c.Horizon == 5 && c.IsComplete && c.Study == PriorTestSet.Study);
    }

    [Fact]
    public void Create_WithoutTheRequirement_KeepsEveryDraw()
    {
        var set = PriorTestSet.Create(Sample, horizon: 5, count: 6, requireUnitInterval: false);

        set.Curves.Count.ShouldBe(6);
        set.Excluded.ShouldBe(0);
        set.Curves[3].Values[0].ShouldBe(1.5);
    }

    [Fact]
    public void Create_RealPrior_IsReproducibleAndInUnitInterval()
    {
        var prior = new CurvePrior(CurvePriorPresets.Get(CurvePriorPresets.Default));
        PriorCurveSampler sampler = (s, f, c, y) => prior.Sample(s, f, c, y);

        var a = PriorTestSet.Create(sampler, prior.Horizon, 50);
        var b = PriorTestSet.Create(sampler, prior.Horizon, 50);

        a.Curves.Count.ShouldBe(50);
        a.Curves.SelectMany(c => c.Values).ShouldAllBe(v => v >= 0 && v <= 1);
        a.Curves.Select(c => c.Values).ShouldBe(b.Curves.Select(c => c.Values));
    }
}
