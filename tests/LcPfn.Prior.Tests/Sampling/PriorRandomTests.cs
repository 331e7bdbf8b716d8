using LcPfn.Prior.Sampling;
using Shouldly;

namespace LcPfn.Prior.Tests.Sampling;

public sealed class PriorRandomTests
{
    [Fact]
    public void Create_SameSeedAndStream_GivesSameSequence()
    {
        var a = PriorRandom.Create(42, 7);
        var b = PriorRandom.Create(42, 7);
        for (int i = 0; i < 100; i++) a.NextUInt64().ShouldBe(b.NextUInt64());
    }

    [Fact]
    public void Create_NeighbouringStreamsAndSeeds_GiveDifferentSequences()
    {
        var first = new HashSet<ulong>();
        for (ulong s = 0; s < 100; s++)
        {
            first.Add(PriorRandom.Create(42, s).NextUInt64());
            first.Add(PriorRandom.Create(43 + s, 0).NextUInt64());
        }
        first.Count.ShouldBe(200);
    }

    [Fact]
    public void NextNormal_ManyDraws_HasMeanZeroAndUnitVariance()
    {
        var rng = PriorRandom.Create(3, 0);
        const int n = 200_000;
        double sum = 0, sum2 = 0;
        for (int i = 0; i < n; i++)
        {
            double z = rng.NextNormal();
            sum += z;
            sum2 += z * z;
        }
        (sum / n).ShouldBe(0, 0.01);
        (sum2 / n).ShouldBe(1, 0.015);
    }

    [Fact]
    public void NextDouble_ManyDraws_IsUniformInUnitInterval()
    {
        var rng = PriorRandom.Create(4, 1);
        var bins = new int[10];
        for (int i = 0; i < 100_000; i++)
        {
            double u = rng.NextDouble();
            u.ShouldBeInRange(0.0, 1.0);
            u.ShouldBeLessThan(1.0);
            bins[(int)(u * 10)]++;
        }
        foreach (int b in bins) b.ShouldBeInRange(9_500, 10_500);
    }

    [Fact]
    public void NextInt_Range_CoversBothEndsAndNothingElse()
    {
        var rng = PriorRandom.Create(5, 1);
        var seen = new HashSet<int>();
        for (int i = 0; i < 10_000; i++) seen.Add(rng.NextInt(1, 99));
        seen.Count.ShouldBe(99);
        seen.Min().ShouldBe(1);
        seen.Max().ShouldBe(99);
    }
}
