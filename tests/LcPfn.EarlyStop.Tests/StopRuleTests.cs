using LcPfn.EarlyStop.Tests.Fakes;
using LcPfn.Prior;
using LcPfn.Prior.Data;
using Shouldly;

namespace LcPfn.EarlyStop.Tests;

public sealed class StopRuleTests
{
    private static LearningCurve Partial(int epochs, int horizon, double value = 0.5) =>
        new("r1", LearningCurve.DefaultStudy, horizon, [.. Enumerable.Range(1, epochs)], [.. Enumerable.Repeat(value, epochs)]);

    [Fact]
    public void Decide_HopelessRun_StopsWithNumbersInReason()
    {
        var decision = StopRule.Decide(Partial(17, 50, 0.7), 0.80, new NormalDistribution(0.71, 0.04), new StopRuleOptions());

        decision.Action.ShouldBe(StopAction.Stop);
        decision.ShouldStop.ShouldBeTrue();
        decision.Evaluated.ShouldBeTrue();
        decision.Epoch.ShouldBe(17);
        decision.Policy.ShouldBe("lcpfn");
        decision.ProbabilityOfImprovement!.Value.ShouldBe(0.01222, 1e-4);
        decision.Reason.ShouldBe("P(final > best) = 0.012 < 0.05 at epoch 17; predicted final median 0.71 [0.6442, 0.7758] (5-95%); best so far 0.80");
    }

    [Fact]
    public void Decide_ObviousWinner_Continues()
    {
        var decision = StopRule.Decide(Partial(10, 50, 0.9), 0.80, new NormalDistribution(0.92, 0.02), new StopRuleOptions());

        decision.Action.ShouldBe(StopAction.Continue);
        decision.ProbabilityOfImprovement!.Value.ShouldBeGreaterThan(0.99);
        decision.Reason.ShouldStartWith("P(final > best) = 1.000 >= 0.05 at epoch 10;");
    }

    [Fact]
    public void Decide_ProbabilityJustAboveThreshold_Continues()
    {
        // P(N(0.7, 0.05) > 0.78) = P(Z > 1.6) = 0.0548 >= 0.05.
        var decision = StopRule.Decide(Partial(10, 50), 0.78, new NormalDistribution(0.7, 0.05), new StopRuleOptions());
        decision.Action.ShouldBe(StopAction.Continue);
        decision.ProbabilityOfImprovement!.Value.ShouldBe(0.0548, 1e-4);
    }

    [Fact]
    public void Decide_Minimize_UsesLowerTail()
    {
        // A loss predicted to end at 0.40 ± 0.02 cannot beat a best loss of 0.30: P(final < 0.30) ≈ 3e-7.
        var options = new StopRuleOptions { Direction = MetricDirection.Minimize };
        var decision = StopRule.Decide(Partial(10, 50, 0.45), 0.30, new NormalDistribution(0.40, 0.02), options);

        decision.Action.ShouldBe(StopAction.Stop);
        decision.Reason.ShouldBe("P(final < best) = 2.9E-7 < 0.05 at epoch 10; predicted final median 0.40 [0.3671, 0.4329] (5-95%); best so far 0.30");
    }

    [Fact]
    public void Decide_NoBestYet_ContinuesWithPrediction()
    {
        var decision = StopRule.Decide(Partial(10, 50), null, new NormalDistribution(0.2, 0.01), new StopRuleOptions());
        decision.Action.ShouldBe(StopAction.Continue);
        decision.Reason.ShouldStartWith("no completed run to compare with at epoch 10; predicted final median 0.20");
    }

    [Fact]
    public void Decide_BeforeMinEpochs_ContinuesWithoutEvaluating()
    {
        var decision = StopRule.Decide(Partial(3, 50), 0.9, new NormalDistribution(0.1, 0.01), new StopRuleOptions { MinEpochs = 4 });
        decision.Action.ShouldBe(StopAction.Continue);
        decision.Evaluated.ShouldBeFalse();
        decision.Reason.ShouldBe("epoch 3 is before the first decision at epoch 4");
    }

    [Fact]
    public void Decide_AtHorizon_Continues()
    {
        var decision = StopRule.Decide(Partial(50, 50, 0.1), 0.9, new NormalDistribution(0.1, 0.01), new StopRuleOptions());
        decision.Action.ShouldBe(StopAction.Continue);
        decision.Reason.ShouldBe("reached its horizon (50) with 0.10");
    }

    [Fact]
    public void Decide_InvalidOptions_Throws()
    {
        Should.Throw<InvalidInputException>(() => StopRule.Decide(Partial(10, 50), 0.5, new NormalDistribution(0.1, 0.01), new StopRuleOptions { Threshold = 0 }));
    }

    [Theory]
    [InlineData(4, 0, false)]   // before MinEpochs 5
    [InlineData(5, 0, true)]    // the first check
    [InlineData(6, 5, false)]   // interval 3 not yet passed
    [InlineData(8, 5, true)]
    [InlineData(20, 17, false)] // the horizon: nothing to decide
    public void IsCheckDue_Schedule_MatchesMinEpochsAndInterval(int epoch, int lastCheck, bool expected)
    {
        StopRule.IsCheckDue(epoch, 20, lastCheck, new StopRuleOptions { MinEpochs = 5, CheckInterval = 3 }).ShouldBe(expected);
    }

    [Fact]
    public void ConfidentValue_Maximize_IsLowerQuantile()
    {
        StopRule.ConfidentValue(new NormalDistribution(0.5, 0.1), new StopRuleOptions()).ShouldBe(0.5 - 0.164485, 1e-5);
        StopRule.ConfidentValue(new NormalDistribution(0.5, 0.1), new StopRuleOptions { Direction = MetricDirection.Minimize }).ShouldBe(0.5 + 0.164485, 1e-5);
    }
}
