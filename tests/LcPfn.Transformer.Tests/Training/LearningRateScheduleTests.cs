using LcPfn.Transformer.Training;
using Shouldly;

namespace LcPfn.Transformer.Tests.Training;

public sealed class LearningRateScheduleTests
{
    [Fact]
    public void Factor_WarmupThenCosine_HandValues()
    {
        LearningRateSchedule.Factor(0, 100, 10).ShouldBe(0.1, 1e-12);      // never 0, unlike the reference's first epoch
        LearningRateSchedule.Factor(9, 100, 10).ShouldBe(1.0, 1e-12);
        LearningRateSchedule.Factor(10, 100, 10).ShouldBe(1.0, 1e-12);
        LearningRateSchedule.Factor(55, 100, 10).ShouldBe(0.5, 1e-12);
        LearningRateSchedule.Factor(99, 100, 10).ShouldBe(0.5 * (1 + Math.Cos(Math.PI * 89 / 90)), 1e-12);
    }

    [Fact]
    public void Factor_NoWarmup_StartsAtOne() => LearningRateSchedule.Factor(0, 10, 0).ShouldBe(1.0);
}
