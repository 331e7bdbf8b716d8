using Shouldly;

namespace LcPfn.Prior.Tests;

public sealed class CurvePriorTests(ITestOutputHelper output)
{
    private const int StatisticsCurves = 20_000;
    private const ulong StatisticsSeed = 20261128;

    private static readonly Lazy<ReferenceStatistics> Reference = new(ReferenceStatistics.Load);

    private static readonly Lazy<PriorStatistics> DefaultStatistics =
        new(() => PriorStatistics.Compute(new CurvePrior(CurvePriorOptions.Default), StatisticsSeed, StatisticsCurves));

    [Fact]
    public void Sample_DefaultPrior_MatchesReferenceStatistics()
    {
        var stats = DefaultStatistics.Value;
        output.WriteLine($"acceptance {stats.Acceptance:F4}; sigma {string.Join(", ", stats.Sigma)}; y1 {string.Join(", ", stats.NoisyY1)}; "
            + $"y100 {string.Join(", ", stats.NoisyYT)}; non-monotone {stats.NonMonotone}; below 0 {stats.BelowZero}; above 1 {stats.AboveOne}");
        stats.CompareWithReference(Reference.Value).ShouldBeEmpty();
    }

    [Fact]
    public void Sample_DefaultPrior_AcceptedCurvesObeyTheRejectionRule()
    {
        var prior = new CurvePrior(CurvePriorOptions.Default);
        const int n = 2_000;
        var noisy = new float[n * 100];
        var f = new float[n * 100];
        prior.Sample(1, 0, n, noisy, f);
        for (int c = 0; c < n; c++)
        {
            var curve = f.AsSpan(c * 100, 100);
            curve[99].ShouldBeGreaterThan(curve[0]);
            foreach (float v in curve) v.ShouldBeInRange(0f, 1f);
        }
    }

    [Fact]
    public void CompareWithReference_NoiseLevelShiftedByAThird_Fails()
    {
        // The check must catch a wrong prior parameter: log σ ~ N(−3.7, 1) instead of N(−4, 1).
        var wrong = new CurvePrior(CurvePriorOptions.Default with { LogSigmaMean = -3.7 });
        var problems = PriorStatistics.Compute(wrong, StatisticsSeed, 10_000).CompareWithReference(Reference.Value);
        output.WriteLine(string.Join(Environment.NewLine, problems));
        problems.ShouldContain(p => p.StartsWith("sigma q0.5", StringComparison.Ordinal));
    }

    [Fact]
    public void CompareWithReference_UniformParameterPriors_Fails()
    {
        // The same families with the reference's "uniform" parameter priors give a visibly different prior.
        var wrong = new CurvePrior(CurvePriorPresets.Get(CurvePriorPresets.Uniform));
        var problems = PriorStatistics.Compute(wrong, StatisticsSeed, 10_000).CompareWithReference(Reference.Value);
        output.WriteLine(string.Join(Environment.NewLine, problems));
        problems.ShouldNotBeEmpty();
    }

    [Fact]
    public void CompareWithReference_WeightsUpToHalf_Fails()
    {
        var wrong = new CurvePrior(CurvePriorOptions.Default with { WeightMax = 0.5 });
        var problems = PriorStatistics.Compute(wrong, StatisticsSeed, 10_000).CompareWithReference(Reference.Value);
        output.WriteLine(string.Join(Environment.NewLine, problems));
        problems.ShouldNotBeEmpty();
    }

    [Fact]
    public void SampleParallel_OneTwoAndEightThreads_AreBitIdenticalToSequentialSample()
    {
        var prior = new CurvePrior(CurvePriorOptions.Default);
        const int n = 3_000; // several parallel chunks
        var expected = new float[n * 100];
        var expectedSigma = new float[n];
        long expectedDraws = prior.Sample(99, 123, n, expected, default, expectedSigma);
        foreach (int threads in new[] { 1, 2, 8 })
        {
            var noisy = new float[n * 100];
            var sigma = new float[n];
            long draws = prior.SampleParallel(99, 123, n, new CurveSampleBuffers(noisy, default, sigma), threads);
            draws.ShouldBe(expectedDraws);
            noisy.AsSpan().SequenceEqual(expected).ShouldBeTrue($"{threads} threads");
            sigma.AsSpan().SequenceEqual(expectedSigma).ShouldBeTrue($"{threads} threads");
        }
    }

    [Fact]
    public void Sample_SplitIntoTwoCalls_GivesTheSameCurvesAsOneCall()
    {
        var prior = new CurvePrior(CurvePriorOptions.Default);
        var whole = new float[50 * 100];
        prior.Sample(5, 10, 50, whole);
        var tail = new float[20 * 100];
        prior.Sample(5, 40, 20, tail);
        tail.AsSpan().SequenceEqual(whole.AsSpan(30 * 100)).ShouldBeTrue();
    }

    [Fact]
    public void Sample_DifferentSeeds_GiveDifferentCurves()
    {
        var prior = new CurvePrior(CurvePriorOptions.Default);
        var a = new float[100];
        var b = new float[100];
        prior.Sample(1, 0, 1, a);
        prior.Sample(2, 0, 1, b);
        a.AsSpan().SequenceEqual(b).ShouldBeFalse();
    }

    [Fact]
    public void Sample_NoRangeConstraintAllFamilies_ProducesFiniteIncreasingCurves()
    {
        var prior = new CurvePrior(CurvePriorPresets.Get(CurvePriorPresets.Domhan) with { RangeConstraint = false, Horizon = 50 });
        var f = new float[500 * 50];
        var noisy = new float[500 * 50];
        prior.Sample(3, 0, 500, noisy, f);
        for (int c = 0; c < 500; c++)
        {
            f[c * 50 + 49].ShouldBeGreaterThan(f[c * 50]);
            foreach (float v in f.AsSpan(c * 50, 50)) float.IsFinite(v).ShouldBeTrue();
        }
    }

    [Fact]
    public void Sample_AllElevenFamiliesWithRangeConstraint_StaysInUnitInterval()
    {
        var prior = new CurvePrior(CurvePriorPresets.Get(CurvePriorPresets.Domhan) with { NormalizeWeights = true });
        var f = new float[200 * 100];
        prior.Sample(4, 0, 200, new float[200 * 100], f);
        foreach (float v in f) v.ShouldBeInRange(0f, 1f);
    }

    [Fact]
    public void Sample_ImpossiblePrior_ThrowsAfterMaxAttempts()
    {
        // Weights in [50, 51] push every curve far above 1.
        var prior = new CurvePrior(CurvePriorOptions.Default with { WeightMin = 50, WeightMax = 51, MaxAttempts = 100 });
        var ex = Should.Throw<InvalidOperationException>(() => prior.Sample(1, 0, 1, new float[100]));
        ex.Message.ShouldContain("100 draws");
    }

    [Fact]
    public void Sample_BufferTooSmall_ThrowsNamingTheBuffer()
    {
        var prior = new CurvePrior(CurvePriorOptions.Default);
        var ex = Should.Throw<ArgumentException>(() => prior.Sample(1, 0, 2, new float[150]));
        ex.ParamName.ShouldBe("noisy");
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        Should.Throw<InvalidInputException>(() => new CurvePrior(CurvePriorOptions.Default with { Horizon = 1 }));
    }
}
