using LcPfn.EarlyStop.Hosting;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Hosting;

public sealed class RunStateTests
{
    private static readonly CurveReport First = new("s", "r", 1, 0.1, 10);

    [Fact]
    public void With_EpochsOutOfOrder_KeepsObservationsSortedAndRecordsEachDecision()
    {
        var state = RunState.Empty(First);
        foreach (var e in new[] { 1, 3, 2 })
            state = state.With(First with { Epoch = e, Value = e / 10.0 }, new CurveDecision("s", "r", e, false, "ok"));

        state.Epochs.ShouldBe([1, 2, 3]);
        state.Values.ShouldBe([0.1, 0.2, 0.3]);
        state.DecisionFor(2)!.Epoch.ShouldBe(2);
        state.DecisionFor(4).ShouldBeNull();
    }

    [Fact]
    public void ToRequest_LaterEpochsStored_UsesOnlyEarlierObservationsAndTheReport()
    {
        var state = RunState.Empty(First);
        foreach (var e in new[] { 1, 2, 4 })
            state = state.With(First with { Epoch = e, Value = e }, new CurveDecision("s", "r", e, e == 2, "x"));

        var request = state.ToRequest(First with { Epoch = 3, Value = 30 }, studyBest: 0.9);

        request.Epochs.ShouldBe([1, 2, 3]);
        request.Values.ShouldBe([1.0, 2.0, 30.0]);
        request.StudyBest.ShouldBe(0.9);
        request.StoppedBy!.Epoch.ShouldBe(2);
    }
}
