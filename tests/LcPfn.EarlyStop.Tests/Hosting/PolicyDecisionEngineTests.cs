using LcPfn.EarlyStop.Hosting;
using LcPfn.EarlyStop.Tests.Fakes;
using LcPfn.Prior;
using LcPfn.Prior.Schedules;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Hosting;

public sealed class PolicyDecisionEngineTests
{
    private static readonly StopRuleOptions Rule = new() { MinEpochs = 3 };

    private static DecisionRequest Request(string run, double[] values, double? best, int horizon = 20, MetricDirection direction = MetricDirection.Maximize, CurveDecision? stoppedBy = null)
    {
        var epochs = Enumerable.Range(1, values.Length).ToArray();
        return new DecisionRequest(new CurveReport("s", run, values.Length, values[^1], horizon, direction), epochs, values, best, stoppedBy);
    }

    [Fact]
    public void Decide_MicroBatch_RunsOneBatchedExtrapolationAndDecidesWithTheCoreRule()
    {
        var extrapolator = new FakeExtrapolator(sd: 0.02);
        var engine = new PolicyDecisionEngine(extrapolator, Rule);

        var decisions = engine.Decide([
            Request("low", [0.1, 0.2, 0.3], best: 0.8),    // predicted ~0.3: cannot beat 0.8
            Request("high", [0.5, 0.7, 0.79], best: 0.8),  // predicted ~0.79: might
            Request("early", [0.1, 0.2], best: 0.8),       // before MinEpochs
            Request("first", [0.1, 0.2, 0.3], best: null), // nothing to beat
        ], TestContext.Current.CancellationToken);

        extrapolator.CallSizes.ShouldBe([2]);
        decisions.Select(d => d.Stop).ShouldBe([true, false, false, false]);
        decisions[0].Reason.ShouldStartWith("P(final > best) = ");
        decisions[0].ProbabilityOfImprovement!.Value.ShouldBeLessThan(0.05);
        decisions[0].StudyBest.ShouldBe(0.8);
        decisions[0].PredictedMedian!.Value.ShouldBe(0.3, 1e-12);
        decisions[2].Reason.ShouldBe("no check due at epoch 2");
    }

    [Fact]
    public void Decide_ReportsWithAndWithoutASchedule_ForecastWithTheirOwnOrTheWorkersDefault()
    {
        var extrapolator = new FakeExtrapolator(sd: 0.02);
        var engine = new PolicyDecisionEngine(extrapolator, Rule, defaultSchedule: LearningRateSchedule.Cosine);
        var own = Request("own", [0.1, 0.2, 0.3], best: 0.8);
        own = own with { Report = own.Report with { Schedule = LearningRateSchedule.Parse("step:5") } };

        engine.Decide([Request("plain", [0.1, 0.2, 0.3], best: 0.8), own], TestContext.Current.CancellationToken);

        extrapolator.Requests.Single(r => r.RunId.EndsWith("plain", StringComparison.Ordinal)).Schedule.ShouldBe(LearningRateSchedule.Cosine);
        extrapolator.Requests.Single(r => r.RunId.EndsWith("own", StringComparison.Ordinal)).Schedule.ShouldBe(LearningRateSchedule.Parse("step:5"));
    }

    [Fact]
    public void Decide_MinimizedMetric_MapsThroughTheBoundsAndStopsAWorseLoss()
    {
        var engine = new PolicyDecisionEngine(new FakeExtrapolator(sd: 0.02), Rule);

        var decision = engine.Decide([Request("loss", [0.9, 0.8, 0.7], best: 0.2, direction: MetricDirection.Minimize)], TestContext.Current.CancellationToken).Single();

        decision.Stop.ShouldBeTrue();
        decision.Reason.ShouldStartWith("P(final < best) = ");
    }

    [Fact]
    public void Decide_RunStoppedBefore_StaysStoppedWithoutAForecast()
    {
        var extrapolator = new FakeExtrapolator();
        var engine = new PolicyDecisionEngine(extrapolator, Rule);
        var stop = new CurveDecision("s", "r", 3, true, "P(final > best) = 0.001 < 0.05");

        var decision = engine.Decide([Request("r", [0.1, 0.2, 0.3, 0.31], best: 0.9, stoppedBy: stop)], TestContext.Current.CancellationToken).Single();

        decision.ShouldBe(stop with { Epoch = 4, Reason = "stopped at epoch 3: P(final > best) = 0.001 < 0.05" });
        extrapolator.CallSizes.ShouldBeEmpty();
    }

    [Fact]
    public void Check_ValueOutsideTheBounds_SaysHowToFixIt()
    {
        var engine = new PolicyDecisionEngine(new FakeExtrapolator(), Rule);

        engine.Check(new CurveReport("s", "r", 1, 93.5, 10)).ShouldBe(
            "value 93.5 is outside the metric bounds [0, 1]; scale the metric or set LcPfn:EarlyStop:Rule:LowerBound/UpperBound");
        engine.Check(new CurveReport("s", "r", 1, 0.5, 10)).ShouldBeNull();
    }

    [Fact]
    public void CheckAndAdmit_ValueJustAboveTheBound_IsAcceptedAndClippedToIt()
    {
        var engine = new PolicyDecisionEngine(new FakeExtrapolator(), Rule);
        var noisy = new CurveReport("s", "r", 1, 1.004, 10);

        engine.Check(noisy).ShouldBeNull();
        engine.Admit(noisy).ShouldBe(noisy with { Value = 1.0 });
        engine.Check(noisy with { Value = 1.02 }).ShouldNotBeNull();
        engine.Admit(new CurveReport("s", "r", 1, 0.5, 10)).Value.ShouldBe(0.5);
    }

    [Fact]
    public void Constructor_ConfidentPredictionsMode_IsRefused()
    {
        Should.Throw<InvalidInputException>(() => new PolicyDecisionEngine(new FakeExtrapolator(), Rule with { BestSoFar = BestSoFarMode.CompletedAndConfidentPredictions }))
            .Message.ShouldBe("Property BestSoFar: the hosted worker supports only CompletedRuns; was CompletedAndConfidentPredictions");
    }
}
