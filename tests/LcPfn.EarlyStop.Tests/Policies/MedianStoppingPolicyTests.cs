using LcPfn.EarlyStop.Policies;
using LcPfn.EarlyStop.State;
using LcPfn.EarlyStop.Tests.Fakes;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Policies;

public sealed class MedianStoppingPolicyTests
{
    [Fact]
    public void Decide_HandWorkedStudy_StopsBelowMedianOfCompletedRunningAverages()
    {
        // A completes (nothing to compare with): running averages 0.5, 0.55, 0.6.
        // B at epoch 1: best 0.4 < median 0.5 -> stop.
        // C at epoch 1: 0.6 >= 0.5; epoch 2: best 0.6 >= 0.55; completes with 0.9. Averages now {0.5, 0.6}, {0.55, 0.55}.
        // D at epoch 1: 0.52 < median(0.5, 0.6) = 0.55 -> stop (the median rule's known flaw: D would have won with 1.0).
        var state = new StudyState(new MedianStoppingPolicy(new StopRuleOptions { MinEpochs = 1 }, minCompletedRuns: 1), 3);
        var decisions = Curves.Feed(state,
            Curves.Complete("A", 0.5, 0.6, 0.7),
            Curves.Complete("B", 0.4, 0.9, 0.9),
            Curves.Complete("C", 0.6, 0.5, 0.9),
            Curves.Complete("D", 0.52, 0.53, 1.0));

        Curves.LastEpochs(state).ShouldBe(new Dictionary<string, int> { ["A"] = 3, ["B"] = 1, ["C"] = 3, ["D"] = 1 });
        state.BestCompletedFinal.ShouldBe(0.9);
        decisions.Single(d => d.RunId == "D").Reason.ShouldBe("best value 0.52 < median 0.55 of the running averages of 2 completed runs at epoch 1");
    }

    [Fact]
    public void Decide_FewerCompletedRunsThanNeeded_Continues()
    {
        var state = new StudyState(new MedianStoppingPolicy(new StopRuleOptions { MinEpochs = 1 }, minCompletedRuns: 2), 2);
        Curves.Feed(state, Curves.Complete("A", 0.9, 0.9), Curves.Complete("B", 0.1, 0.1));
        state.LatestDecision("B")!.ShouldStop.ShouldBeFalse();
        state.CompletedRuns.ShouldBe(2);
    }

    [Fact]
    public void Decide_Minimize_StopsAboveMedian()
    {
        var rule = new StopRuleOptions { MinEpochs = 1, Direction = MetricDirection.Minimize };
        var state = new StudyState(new MedianStoppingPolicy(rule, minCompletedRuns: 1), 2);
        Curves.Feed(state, Curves.Complete("A", 0.3, 0.2), Curves.Complete("B", 0.5, 0.1), Curves.Complete("C", 0.2, 0.1));
        Curves.LastEpochs(state).ShouldBe(new Dictionary<string, int> { ["A"] = 2, ["B"] = 1, ["C"] = 2 });
    }
}
