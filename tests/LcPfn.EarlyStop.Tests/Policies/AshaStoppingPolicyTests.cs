using LcPfn.EarlyStop.Policies;
using LcPfn.EarlyStop.State;
using LcPfn.EarlyStop.Tests.Fakes;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Policies;

public sealed class AshaStoppingPolicyTests
{
    [Fact]
    public void Decide_HandWorkedStudy_KeepsTopThirdAtRungs()
    {
        // Horizon 4, r = 1, η = 3: rungs at epochs 1 and 3.
        // A: alone at both rungs -> passes, completes with 0.8.
        // B: rung 1 {0.5, 0.6}, keep 1, cut-off 0.6 -> passes; rung 3 {0.6, 0.7}, cut-off 0.7 -> stops at 3.
        // C: rung 1 {0.4, 0.5, 0.6}, keep 1, cut-off 0.6 -> stops at 1.
        // D: rung 1 {0.4, 0.5, 0.55, 0.6}, keep ⌊4/3⌋ = 1, cut-off 0.6 -> stops at 1 (it would have ended at 0.9).
        var state = new StudyState(new AshaStoppingPolicy(new StopRuleOptions(), minResource: 1, reductionFactor: 3), 4);
        var decisions = Curves.Feed(state,
            Curves.Complete("A", 0.5, 0.6, 0.7, 0.8),
            Curves.Complete("B", 0.6, 0.6, 0.6, 0.6),
            Curves.Complete("C", 0.4, 0.9, 0.9, 0.9),
            Curves.Complete("D", 0.55, 0.7, 0.75, 0.9));

        Curves.LastEpochs(state).ShouldBe(new Dictionary<string, int> { ["A"] = 4, ["B"] = 3, ["C"] = 1, ["D"] = 1 });
        decisions.Last(d => d.RunId == "B").Reason.ShouldBe("value 0.60 at rung epoch 3 is not in the top 1 of 2 runs (cut-off 0.70, η = 3)");
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(9, true)]
    [InlineData(10, false)]
    [InlineData(27, true)]
    public void IsRung_PowersOfReductionFactor_True(int epoch, bool expected)
    {
        new AshaStoppingPolicy().IsRung(epoch).ShouldBe(expected);
    }

    [Fact]
    public void Decide_NineRunsAtRung_KeepsTopThree()
    {
        var state = new StudyState(new AshaStoppingPolicy(new StopRuleOptions(), minResource: 2), 5);
        // Nine runs report epoch 2 (a rung); the ninth sees all nine values and must be in the top 3 to continue.
        for (int i = 1; i <= 8; i++)
        {
            state.Report($"r{i}", 1, i / 10.0);
            state.Report($"r{i}", 2, i / 10.0);
        }
        state.Report("x", 1, 0.55);
        state.Report("x", 2, 0.55).Decision.ShouldStop.ShouldBeTrue(); // nine values {0.1..0.8, 0.55}: top 3 cut-off 0.6
        state.Report("y", 1, 0.65);
        state.Report("y", 2, 0.65).Decision.ShouldStop.ShouldBeFalse(); // ten values, keep 3, cut-off 0.65 (itself)
    }
}
