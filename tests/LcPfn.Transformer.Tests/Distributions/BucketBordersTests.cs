using LcPfn.Prior;
using LcPfn.Transformer.Distributions;
using Shouldly;

namespace LcPfn.Transformer.Tests.Distributions;

public sealed class BucketBordersTests
{
    [Fact]
    public void FromSamples_KnownSample_ExactMidpointsAndExtremes()
    {
        float[] values = [5, 1, float.NaN, 3, 2, 4, 6, 0];                               // 7 finite values, K = 3 → 2 per bucket, drops 6
        BucketBorders.FromSamples(values, 3).ShouldBe([0.0, 1.5, 3.5, 5.0]);
    }

    [Fact]
    public void FromSamples_TooFewValues_Throws() =>
        Should.Throw<InvalidInputException>(() => BucketBorders.FromSamples([1f, 2f], 3)).Message.ShouldContain("at least 3");

    [Fact]
    public void FromSamples_AllEqual_ThrowsAboutTies() =>
        Should.Throw<InvalidInputException>(() => BucketBorders.FromSamples([1f, 1f, 1f, 1f], 2)).Message.ShouldContain("ties");
}
