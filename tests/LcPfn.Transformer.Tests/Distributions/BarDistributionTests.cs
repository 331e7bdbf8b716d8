using LcPfn.Prior;
using LcPfn.Transformer.Distributions;
using LcPfn.Transformer.Runtime;
using Shouldly;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Tests.Distributions;

/// <summary>
/// Hand-computable case: borders [0, 1, 2, 2.5, 4], probabilities [0.1, 0.2, 0.3, 0.4]. Bucket 0 is a half-normal
/// tail below 1 with scale 1/z, bucket 3 one above 2.5 with scale 1.5/z (z = Φ⁻¹(0.75)), so exactly half of each
/// tail's mass lies inside its outer bucket.
/// </summary>
[Collection("Torch")]
public sealed class BarDistributionTests
{
    private static readonly BarDistribution Hand = new([0, 1, 2, 2.5, 4]);
    private static readonly double[] HandP = [0.1, 0.2, 0.3, 0.4];

    [Theory]
    [InlineData(1.0, 0.1)]
    [InlineData(1.5, 0.2)]
    [InlineData(2.25, 0.45)]
    [InlineData(2.5, 0.6)]
    [InlineData(0.0, 0.05)]   // half of the lower tail's mass lies below b_0
    [InlineData(4.0, 0.8)]    // half of the upper tail's mass lies above b_K
    public void Cdf_HandCase_MatchesHandComputedValue(double y, double expected)
    {
        Hand.Cdf(HandP, y).ShouldBe(expected, 1e-12);
        Hand.ProbabilityAbove(HandP, y).ShouldBe(1 - expected, 1e-12);
    }

    [Theory]
    [InlineData(0.05, 0.0)]
    [InlineData(0.1, 1.0)]
    [InlineData(0.2, 1.5)]
    [InlineData(0.45, 2.25)]
    [InlineData(0.8, 4.0)]
    public void Quantile_HandCase_MatchesHandComputedValue(double q, double expected) =>
        Hand.Quantile(HandP, q).ShouldBe(expected, 1e-9);

    [Fact]
    public void LogPdf_HandCase_InnerAndTails()
    {
        Hand.LogPdf(HandP, 1.5).ShouldBe(Math.Log(0.2), 1e-12);
        Hand.LogPdf(HandP, 2.25).ShouldBe(Math.Log(0.6), 1e-12);
        Hand.LogPdf(HandP, 0.0).ShouldBe(-3.14964345679945, 1e-12);   // log(0.1 · √(2/π)·z · exp(−z²/2))
    }

    [Fact]
    public void MeanAndMedian_HandCase_MatchHandComputedValues()
    {
        Hand.Mean(HandP).ShouldBe(2.666472709978848, 1e-12);          // 0.1(1 − c/z) + 0.2·1.5 + 0.3·2.25 + 0.4(2.5 + 1.5c/z)
        Hand.Median(HandP).ShouldBe(2.0 + 0.5 * (0.5 - 0.3) / 0.3, 1e-12);
        Hand.Mode(HandP).ShouldBe(2.5);
    }

    [Fact]
    public void Pdf_RandomLogits_IntegratesToOne()
    {
        var (distribution, p) = RandomCase(seed: 1);
        double integral = 0, step = 1e-4;
        for (double y = -15; y < 15; y += step)
            integral += step * 0.5 * (Math.Exp(distribution.LogPdf(p, y)) + Math.Exp(distribution.LogPdf(p, y + step)));
        integral.ShouldBe(1.0, 1e-4);
    }

    [Fact]
    public void CdfOfQuantile_RandomLogits_IsIdentity()
    {
        var (distribution, p) = RandomCase(seed: 2);
        foreach (double q in new[] { 1e-6, 1e-3, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 0.999, 1 - 1e-6 })
            distribution.Cdf(p, distribution.Quantile(p, q)).ShouldBe(q, 1e-9, $"q = {q}");
    }

    [Fact]
    public void MeanAndVariance_RandomLogits_AgreeWithMonteCarlo()
    {
        var (distribution, p) = RandomCase(seed: 3);
        var random = new Random(4711);
        const int n = 400_000;
        double sum = 0, sumSquares = 0;
        for (int i = 0; i < n; i++)
        {
            double y = distribution.Sample(p, random);
            sum += y;
            sumSquares += y * y;
        }
        double mean = sum / n, variance = sumSquares / n - mean * mean;
        double standardError = Math.Sqrt(variance / n);
        distribution.Mean(p).ShouldBe(mean, 5 * standardError);
        distribution.Variance(p).ShouldBe(variance, 0.02 * variance);
    }

    [Fact]
    public void Quantile_Levels_AreIncreasing()
    {
        var (distribution, p) = RandomCase(seed: 4);
        double previous = double.NegativeInfinity;
        for (double q = 0.001; q < 1; q += 0.001)
        {
            double value = distribution.Quantile(p, q);
            value.ShouldBeGreaterThan(previous);
            previous = value;
        }
    }

    [Fact]
    public void Nll_Tensor_EqualsManagedNegativeLogPdf()
    {
        TorchRuntime.Initialize(ComputeDevice.Cpu);
        var (distribution, p) = RandomCase(seed: 5);
        using var scope = NewDisposeScope();
        var logits = tensor(p.Select(v => (float)Math.Log(v)).ToArray()).unsqueeze(0).expand(9, -1); // (9, K)
        double[] ys = [-3.0, -0.5, 0.0, 0.3, 0.55, 0.9, 1.0, 1.7, 5.0];
        var nll = distribution.Nll(logits, tensor(ys.Select(v => (float)v).ToArray())).data<float>().ToArray();
        for (int i = 0; i < ys.Length; i++)
            ((double)nll[i]).ShouldBe(-distribution.LogPdf(p, ys[i]), 1e-4, $"y = {ys[i]}");
    }

    [Fact]
    public void NllAndMean_ReferenceFixture_MatchReference()
    {
        TorchRuntime.Initialize(ComputeDevice.Cpu);
        var fixture = ReferenceForwardFixture.Load();
        var distribution = new BarDistribution(fixture.Borders);
        using var scope = NewDisposeScope();
        var logits = fixture.Get("logits");                                              // (7, 3, 10)
        (distribution.Nll(logits, fixture.Get("target")) - fixture.Get("nll")).abs().max().item<float>().ShouldBeLessThan(1e-5f);
        var flat = logits.reshape(-1, 10).data<float>().ToArray();
        var expectedMean = fixture.Get("mean").flatten().data<float>().ToArray();
        for (int i = 0; i < expectedMean.Length; i++)
            distribution.Mean(BarDistribution.Softmax(flat.AsSpan(i * 10, 10))).ShouldBe(expectedMean[i], 1e-5);
    }

    [Fact]
    public void Constructor_UnsortedBorders_ThrowsNamingTheBorder()
    {
        Should.Throw<InvalidInputException>(() => new BarDistribution([0, 1, 1, 2])).Message.ShouldContain("border 2");
        Should.Throw<InvalidInputException>(() => new BarDistribution([0, 1]));
    }

    [Fact]
    public void Quantile_LevelOutsideOpenUnitInterval_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => Hand.Quantile(HandP, 1.0));

    private static (BarDistribution Distribution, double[] Probabilities) RandomCase(int seed)
    {
        var random = new Random(seed);
        var distribution = new BarDistribution([-0.8, 0.1, 0.3, 0.6, 0.7, 1.9]);      // K = 5
        var logits = Enumerable.Range(0, 5).Select(_ => (float)(2 * random.NextDouble() - 1)).ToArray();
        return (distribution, BarDistribution.Softmax(logits));
    }
}
