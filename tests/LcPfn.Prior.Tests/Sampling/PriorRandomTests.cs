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
    public void NextNormal_ManyDraws_MatchesNormalCdfIncludingTails()
    {
        var rng = PriorRandom.Create(6, 0);
        const int n = 400_000;
        double[] cuts = [-3, -2, -1, -0.5, 0, 0.5, 1, 2, 3];
        var below = new int[cuts.Length];
        for (int i = 0; i < n; i++)
        {
            double z = rng.NextNormal();
            for (int j = 0; j < cuts.Length; j++) if (z <= cuts[j]) below[j]++;
        }
        for (int j = 0; j < cuts.Length; j++)
        {
            double p = MathNet.Numerics.Distributions.Normal.CDF(0, 1, cuts[j]);
            ((double)below[j] / n).ShouldBe(p, 4 * Math.Sqrt(p * (1 - p) / n) + 1e-5, $"P(z <= {cuts[j]})");
        }
    }

    [Fact]
    public void FillNormal_ManyValues_MatchesNormalCdf()
    {
        var rng = PriorRandom.Create(7, 0);
        var z = new float[400_003]; // not a multiple of the 16-value block
        rng.FillNormal(z);
        double[] cuts = [-3, -2, -1, 0, 1, 2, 3];
        foreach (double cut in cuts)
        {
            double p = MathNet.Numerics.Distributions.Normal.CDF(0, 1, cut);
            ((double)z.Count(v => v <= cut) / z.Length).ShouldBe(p, 4 * Math.Sqrt(p * (1 - p) / z.Length) + 1e-5, $"P(z <= {cut})");
        }
        z.Average(v => (double)v).ShouldBe(0, 0.005);
    }

    [Fact]
    public void FillNormal_SameStream_IsDeterministic()
    {
        var a = PriorRandom.Create(8, 1);
        var b = PriorRandom.Create(8, 1);
        var x = new float[37];
        var y = new float[37];
        a.FillNormal(x);
        b.FillNormal(y);
        x.ShouldBe(y);
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
