using Shouldly;

namespace LcPfn.Prior.Tests;

public sealed class CurvePriorTests(ITestOutputHelper output)
{
    private const int StatisticsCurves = 20_000;

    private static readonly Lazy<PriorStatistics> DefaultStatistics =
        new(() => PriorStatistics.Compute(new CurvePrior(CurvePriorOptions.Default), seed: 20261128, StatisticsCurves));

    [Fact]
    public void Sample_DefaultPrior_MatchesReferenceStatistics()
    {
        var stats = DefaultStatistics.Value;
        output.WriteLine(stats.ToString());
        output.WriteLine($"acceptance {stats.Acceptance}; sigma {string.Join(", ", stats.Sigma)}; yT {string.Join(", ", stats.NoisyYT)}; y1 {string.Join(", ", stats.NoisyY1)}; nonmono {stats.NonMonotone}; below {stats.BelowZero}; above {stats.AboveOne}");
        stats.CompareWithReference(ReferenceStatistics.Load()).ShouldBeEmpty();
    }
}
