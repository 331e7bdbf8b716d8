using LcPfn.EarlyStop.Policies;
using LcPfn.EarlyStop.State;
using LcPfn.EarlyStop.Tests.Fakes;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Policies;

public sealed class PredictiveStoppingPolicyTests
{
    [Fact]
    public void Decide_HandWorkedStudy_StopsHopelessKeepsWinner()
    {
        // Fake forecast: final ~ N(last value, 0.05). Checks from epoch 2, every epoch, horizon 4.
        // A: no best yet -> completes with 0.8. B at epoch 2: P(N(0.35, 0.05) > 0.8) ≈ 0 -> stop.
        // C at epoch 2: P(N(0.79, 0.05) > 0.8) = 0.42; epoch 3: P(N(0.85, .05) > .8) = 0.84 -> completes with 0.9.
        var fake = new FakeExtrapolator(sd: 0.05);
        var state = new StudyState(new PredictiveStoppingPolicy(fake, new StopRuleOptions { MinEpochs = 2 }), 4);
        var decisions = Curves.Feed(state,
            Curves.Complete("A", 0.5, 0.6, 0.7, 0.8),
            Curves.Complete("B", 0.3, 0.35, 0.4, 0.95),
            Curves.Complete("C", 0.7, 0.79, 0.85, 0.9));

        Curves.LastEpochs(state).ShouldBe(new Dictionary<string, int> { ["A"] = 4, ["B"] = 2, ["C"] = 4 });
        state.BestCompletedFinal.ShouldBe(0.9);
        decisions.Single(d => d.ShouldStop).Reason.ShouldStartWith("P(final > best) = 1.1E-19 < 0.05 at epoch 2; predicted final median 0.35 [0.2678, 0.4322] (5-95%); best so far 0.80");
        // No forecast while there was nothing to compare with (run A), one per check after.
        fake.CallSizes.ShouldBe([1, 1, 1]);
    }

    [Fact]
    public void Forecast_MetricBounds_RequestInModelUnits()
    {
        var fake = new FakeExtrapolator(sd: 1);
        var policy = new PredictiveStoppingPolicy(fake, new StopRuleOptions { LowerBound = 0, UpperBound = 100 });
        var forecast = ((IStoppingPolicy)policy).Forecast(Curves.Complete("A", 10, 20, 40), CancellationToken.None);

        fake.Requests.Single().Values.ShouldBe([0.1, 0.2, 0.4]);
        fake.Requests.Single().QueryEpochs.ShouldBe([3]);
        forecast.Median.ShouldBe(40, 1e-9);  // back in metric units
    }

    [Fact]
    public void Prefetch_ManyCurves_OneBatchedCallThenCacheHits()
    {
        var fake = new FakeExtrapolator();
        var policy = new PredictiveStoppingPolicy(fake);
        var curves = Enumerable.Range(0, 10).Select(i => Curves.Complete($"r{i}", 0.1, 0.2, i / 20.0)).ToList();

        policy.Prefetch(curves);
        foreach (var curve in curves)
            ((IStoppingPolicy)policy).Forecast(curve, CancellationToken.None).Median.ShouldBe(curve.Values[^1], 1e-12);

        fake.CallSizes.ShouldBe([10]);
        policy.CachedForecasts.ShouldBe(10);
        policy.WithRule(new StopRuleOptions { Threshold = 0.2 }).CachedForecasts.ShouldBe(10);
    }

    [Fact]
    public void WithRule_OtherBounds_Throws()
    {
        var policy = new PredictiveStoppingPolicy(new FakeExtrapolator());
        Should.Throw<ArgumentException>(() => policy.WithRule(new StopRuleOptions { UpperBound = 100 }));
    }

    [Fact]
    public void Decide_ConfidentPredictionsMode_RunningRunRaisesTheBar()
    {
        // Two runs train at once. R1's forecast N(0.9, 0.01) counts as reaching its 5 % quantile 0.8836, with no
        // completed run yet; R2, predicted to end at 0.5, is then hopeless and stops.
        var rule = new StopRuleOptions { MinEpochs = 1, BestSoFar = BestSoFarMode.CompletedAndConfidentPredictions };
        var state = new StudyState(new PredictiveStoppingPolicy(new FakeExtrapolator(sd: 0.01), rule), 10);
        state.Report("R1", 1, 0.9).Decision.ShouldStop.ShouldBeFalse();
        var decision = state.Report("R2", 1, 0.5).Decision;

        decision.ShouldStop.ShouldBeTrue();
        decision.Reference!.Value.ShouldBe(0.9 - 0.0164485, 1e-6);
    }
}
