using LcPfn.Transformer.Model;
using Shouldly;

namespace LcPfn.Transformer.Tests.Model;

public sealed class DropoutMaskTests
{
    [Fact]
    public void Fill_ManyElements_KeepsTheRequestedShareWithMeanOne()
    {
        var values = new float[1_000_000];
        DropoutMask.Fill(values, 0.8, seed: 7);
        double kept = values.Count(v => v != 0) / (double)values.Length;
        kept.ShouldBe(0.8, 0.002);                                                       // binomial sd 0.0004
        values.Where(v => v != 0).Distinct().ShouldHaveSingleItem().ShouldBe(1f / 0.8f, 1e-6);
        values.Average(v => (double)v).ShouldBe(1.0, 0.003);
    }

    [Fact]
    public void Fill_NeighbouringElements_AreIndependent()
    {
        var values = new float[400_000];
        DropoutMask.Fill(values, 0.5, seed: 11);
        // Elements 2j and 2j + 1 share one hash; (j, j + 1) and (j, j + 8) cross hashes and vector lanes.
        foreach (int lag in new[] { 1, 2, 8, 16 })
        {
            int both = 0, pairs = values.Length - lag;
            for (int i = 0; i < pairs; i++)
                if (values[i] != 0 && values[i + lag] != 0) both++;
            (both / (double)pairs).ShouldBe(0.25, 0.004, $"lag {lag}");
        }
    }

    [Fact]
    public void Fill_ElementDependsOnlyOnSeedAndIndex_WhateverTheLengthAndTail()
    {
        var longer = new float[1000];
        DropoutMask.Fill(longer, 0.7, seed: 3);
        foreach (int length in new[] { 1, 2, 15, 16, 17, 33, 999 })
        {
            var shorter = new float[length];
            DropoutMask.Fill(shorter, 0.7, seed: 3);
            shorter.ShouldBe(longer[..length]);
        }
        var other = new float[1000];
        DropoutMask.Fill(other, 0.7, seed: 4);
        other.ShouldNotBe(longer);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Fill_KeepProbabilityOutsideRange_Throws(double keep) =>
        Should.Throw<ArgumentOutOfRangeException>(() => DropoutMask.Fill(new float[4], keep, 1));

    [Fact]
    public void Fill_KeepEverything_AllOnes()
    {
        var values = new float[37];
        DropoutMask.Fill(values, 1.0, seed: 5);
        values.ShouldAllBe(v => v == 1f);
    }
}
