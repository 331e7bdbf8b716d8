using LcPfn.EarlyStop.Policies;
using LcPfn.EarlyStop.State;
using LcPfn.EarlyStop.Tests.Fakes;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Policies;

public sealed class PatienceStoppingPolicyTests
{
    [Fact]
    public void Decide_HandWorkedStudy_StopsAfterPatienceEpochsWithoutImprovement()
    {
        // Patience 2. A: best 0.6 at epoch 2, no gain at 3 and 4 -> stops at 4. B: best 0.3 at epoch 1 -> stops at 3.
        // C improves every epoch and completes.
        var state = new StudyState(new PatienceStoppingPolicy(new StopRuleOptions { MinEpochs = 1 }, patience: 2), 5);
        var decisions = Curves.Feed(state,
            Curves.Complete("A", 0.5, 0.6, 0.6, 0.6, 0.7),
            Curves.Complete("B", 0.3, 0.2, 0.1, 0.4, 0.5),
            Curves.Complete("C", 0.1, 0.2, 0.3, 0.4, 0.5));

        Curves.LastEpochs(state).ShouldBe(new Dictionary<string, int> { ["A"] = 4, ["B"] = 3, ["C"] = 5 });
        decisions.Last(d => d.RunId == "A").Reason.ShouldBe("2 epochs without improvement >= patience 2 at epoch 4; best 0.60 at epoch 2");
    }

    [Fact]
    public void Decide_GainBelowMinDelta_IsNoImprovement()
    {
        var state = new StudyState(new PatienceStoppingPolicy(new StopRuleOptions { MinEpochs = 1 }, patience: 2, minDelta: 0.05), 5);
        Curves.Feed(state, Curves.Complete("A", 0.5, 0.52, 0.54, 0.9, 0.9));
        Curves.LastEpochs(state)["A"].ShouldBe(3);
    }
}
