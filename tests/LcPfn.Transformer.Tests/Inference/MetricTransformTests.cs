using LcPfn.Prior;
using LcPfn.Prior.Prediction;
using LcPfn.Transformer.Distributions;
using LcPfn.Transformer.Inference;
using Shouldly;

namespace LcPfn.Transformer.Tests.Inference;

public sealed class MetricTransformTests
{
    public static TheoryData<MetricTransformOptions> Declarations => new()
    {
        new MetricTransformOptions(),
        new MetricTransformOptions { Lower = 0, Upper = 100 },
        new MetricTransformOptions { Lower = 0, Upper = 100, Minimize = true },
        new MetricTransformOptions { Lower = 0.2, Upper = 1.4, SoftLower = 0.2, SoftUpper = 1.0, Minimize = true },
        new MetricTransformOptions { Lower = 0, Upper = double.PositiveInfinity, SoftLower = 0, SoftUpper = 5, Minimize = true },
        new MetricTransformOptions { Lower = double.NegativeInfinity, Upper = double.PositiveInfinity, SoftLower = -1, SoftUpper = 1 },
    };

    [Theory]
    [MemberData(nameof(Declarations))]
    public void FromModel_ToModel_RoundTrips(MetricTransformOptions options)
    {
        var transform = new MetricTransform(options);
        double lo = double.IsFinite(options.Lower) ? options.Lower : -3, hi = double.IsFinite(options.Upper) ? options.Upper : 8;
        for (int i = 1; i < 50; i++)
        {
            double v = lo + (hi - lo) * i / 50;
            double u = transform.ToModel(v);
            u.ShouldBeInRange(0, 1);
            transform.FromModel(u).ShouldBe(v, 1e-9 * Math.Max(1, Math.Abs(v)));
        }
    }

    [Fact]
    public void ToModel_PercentAndMinimise_HandValues()
    {
        MetricTransform.Percent().ToModel(87.5).ShouldBe(0.875, 1e-15);
        MetricTransform.Percent(minimize: true).ToModel(12.5).ShouldBe(0.875, 1e-15);
        MetricTransform.Identity.IsIdentity.ShouldBeTrue();
    }

    [Fact]
    public void FromModel_OutsideUnitInterval_ClampsToBounds()
    {
        MetricTransform.Percent().FromModel(1.2).ShouldBe(100);
        MetricTransform.Percent().FromModel(-0.1).ShouldBe(0);
    }

    [Fact]
    public void ToModel_OutsideBounds_Throws() =>
        Should.Throw<InvalidInputException>(() => MetricTransform.Percent().ToModel(101)).Message.ShouldContain("outside the metric's declared bounds [0, 100]");

    [Fact]
    public void Constructor_OpenBoundWithoutSoftRange_ListsProblems() =>
        Should.Throw<InvalidInputException>(() => new MetricTransform(new MetricTransformOptions { Lower = 1, Upper = double.PositiveInfinity }))
            .Message.ShouldBe("Invalid metric transform: Property SoftLower/SoftUpper: required when a bound is open (±infinity)");

    [Fact]
    public void TransformedPrediction_Minimise_QuantilesSwapAndProbabilitiesMatch()
    {
        var inner = new BarPrediction(new BarDistribution([0, 0.2, 0.4, 0.6, 0.8, 1.0]), [0.1, 0.2, 0.3, 0.3, 0.1]);
        var loss = new TransformedPrediction(inner, new MetricTransform(new MetricTransformOptions { Lower = 0.2, Upper = 1.4, SoftLower = 0.2, SoftUpper = 1.0, Minimize = true }));
        loss.Quantile(0.05).ShouldBeLessThan(loss.Quantile(0.95));
        loss.Quantile(0.3).ShouldBe(loss.Transform.FromModel(inner.Quantile(0.7)), 1e-12);
        double v = loss.Quantile(0.3);
        loss.Cdf(v).ShouldBe(0.3, 1e-7);                                               // probabilities are stored as float
        loss.ProbabilityAbove(v).ShouldBe(0.7, 1e-7);
        loss.Median.ShouldBeInRange(loss.Quantile(0.05), loss.Quantile(0.95));
        loss.Mean.ShouldBeInRange(0.2, 1.4);
    }

    [Fact]
    public void TransformedPrediction_LinearPercent_MeanMatchesScaledMean()
    {
        var inner = new BarPrediction(new BarDistribution([-0.5, 0.2, 0.4, 0.6, 0.8, 1.5]), [0.001, 0.2, 0.5, 0.298, 0.001]);
        var percent = new TransformedPrediction(inner, MetricTransform.Percent());
        percent.Mean.ShouldBe(100 * inner.Mean, 0.2);
        percent.Quantile(0.5).ShouldBe(100 * inner.Quantile(0.5), 1e-9);
    }

    [Fact]
    public void Decorator_ValueOutsideBounds_ThrowsNamingRunAndEpoch()
    {
        var decorator = new MetricTransformingExtrapolator(new ConstantExtrapolator(), MetricTransform.Percent());
        Should.Throw<InvalidInputException>(() => decorator.Extrapolate([new ExtrapolationRequest("r", [1, 2], [50, 120], 10, [10])], TestContext.Current.CancellationToken))
            .Message.ShouldContain("run 'r', epoch 2: the value 120 lies outside");
        var result = decorator.Extrapolate([new ExtrapolationRequest("r", [1, 2], [50, 60], 10, [10])], TestContext.Current.CancellationToken);
        result[0][0].Median.ShouldBe(100 * 0.6, 1e-9);   // the fake predicts the last model-space value
    }

    /// <summary>Predicts a narrow bar around the last observed (model-space) value.</summary>
    private sealed class ConstantExtrapolator : ICurveExtrapolator
    {
        public string Name => "constant";

        public IReadOnlyList<IReadOnlyList<IPredictiveDistribution>> Extrapolate(IReadOnlyList<ExtrapolationRequest> requests, CancellationToken cancellationToken = default) =>
            [.. requests.Select(r =>
            {
                double last = r.Values[^1];
                var distribution = new BarDistribution([last - 1, last - 0.001, last + 0.001, last + 1]);
                return (IReadOnlyList<IPredictiveDistribution>)[.. r.QueryEpochs.Select(_ => (IPredictiveDistribution)new BarPrediction(distribution, [0, 1, 0]))];
            })];
    }
}
