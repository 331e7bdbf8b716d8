using LcPfn.EarlyStop.Evaluation;
using LcPfn.Prior.Baselines;
using LcPfn.Prior.Prediction;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Evaluation;

public sealed class PredictiveMetricsTests
{
    [Fact]
    public void MeanLogLikelihood_AllMassInOneBucketOfWidthQuarter_IsLog4()
    {
        IPredictiveDistribution bucket = new UniformPredictive(0.5, 0.75);

        double ll = PredictiveMetrics.MeanLogLikelihood([bucket, bucket, bucket], [0.5, 0.6, 0.75]);

        ll.ShouldBe(Math.Log(4), tolerance: 1e-12);
    }

    [Fact]
    public void MeanLogLikelihood_StandardNormal_MatchesHandComputation()
    {
        var normal = new GaussianPredictive(0, 1);

        double ll = PredictiveMetrics.MeanLogLikelihood([normal, normal], [0.0, 2.0]);

        // log φ(0) = −0.5·ln(2π) = −0.918939; log φ(2) = −0.918939 − 2; the mean is −1.918939.
        ll.ShouldBe(-1.9189385332, tolerance: 1e-9);
    }

    [Fact]
    public void MeanLogLikelihood_DifferentLengths_Throws()
    {
        Should.Throw<ArgumentException>(() => PredictiveMetrics.MeanLogLikelihood([new GaussianPredictive(0, 1)], [1.0, 2.0]));
    }

    [Theory]
    [InlineData(0.55, 0.9, true)]
    [InlineData(0.52, 0.9, false)]
    [InlineData(0.6, 0.5, false)]
    [InlineData(0.65, 0.5, true)]
    public void IsCovered_UniformOnHalfToOne_UsesCentralInterval(double value, double level, bool expected)
    {
        // 90 %: [0.525, 0.975]; 50 %: [0.625, 0.875].
        PredictiveMetrics.IsCovered(new UniformPredictive(0.5, 1.0), value, level).ShouldBe(expected);
    }

    [Fact]
    public void SquaredErrorOfMedian_UsesTheMedian()
    {
        PredictiveMetrics.SquaredErrorOfMedian(new UniformPredictive(0, 1), 0.8).ShouldBe(0.09, tolerance: 1e-12);
    }
}
