using LcPfn.EarlyStop.Policies;
using LcPfn.EarlyStop.State;
using LcPfn.EarlyStop.Tests.Fakes;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Policies;

public sealed class NoStoppingPolicyTests
{
    [Fact]
    public void Decide_HopelessRuns_NeverStops()
    {
        var state = new StudyState(new NoStoppingPolicy(), 3);
        var decisions = Curves.Feed(state, Curves.Complete("A", 0.9, 0.9, 0.9), Curves.Complete("B", 0.0, 0.0, 0.0));
        decisions.ShouldAllBe(d => !d.ShouldStop);
        state.CompletedRuns.ShouldBe(2);
    }
}
