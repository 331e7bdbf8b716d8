using LcPfn.EarlyStop.Evaluation;
using LcPfn.Prior;
using LcPfn.Prior.Data;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Evaluation;

public sealed class EvaluationMetricTests
{
    private static readonly LearningCurve Loss = new("r", "s", 4, [1, 2, 3, 4], [2.0, 1.5, 1.0, 0.5]);

    [Fact]
    public void ToModelUnits_Minimize_MapsUpperToZeroAndLowerToOne()
    {
        var metric = EvaluationMetric.FromFileUnits(minimize: true, lower: 0, upper: 2.5, scale: 1);

        metric.ToModelUnits(Loss).Values.ShouldBe([0.2, 0.4, 0.6, 0.8], tolerance: 1e-12);
        Loss.Values[0].ShouldBe(2.0, "the caller's curve is left as it is");
    }

    [Fact]
    public void FromFileUnits_BoundsInFileUnits_AreScaledWithTheValues()
    {
        var metric = EvaluationMetric.FromFileUnits(minimize: false, lower: 20, upper: 70, scale: 0.01);

        metric.Lower.ShouldBe(0.2, tolerance: 1e-12);
        metric.Upper.ShouldBe(0.7, tolerance: 1e-12);
        EvaluationMetric.FromFileUnits(false, null, null, 0.01).IsIdentity.ShouldBeTrue("the default bounds are 0 and 1/scale");
    }

    [Fact]
    public void FromFileUnits_LowerNotBelowUpper_ThrowsNamingBoth()
    {
        Should.Throw<InvalidInputException>(() => EvaluationMetric.FromFileUnits(true, 3, 2, 1))
            .Message.ShouldBe("--lower/--upper must be finite with lower < upper; were 3 and 2 (file units).");
    }
}
