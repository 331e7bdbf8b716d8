using LcPfn.EarlyStop.Calibration;
using LcPfn.EarlyStop.Policies;
using LcPfn.EarlyStop.Replay;
using LcPfn.EarlyStop.State;
using LcPfn.EarlyStop.Tests.Fakes;
using LcPfn.Prior.Data;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Calibration;

/// <summary>The online calibration inside the replay: what a decision reads comes only from runs finished before it.</summary>
public sealed class CalibrationReplayTests
{
    private static LearningCurve Rising(string id, double start, double rise) =>
        Curves.Complete(id, [.. Enumerable.Range(1, 20).Select(e => Math.Min(1, start + (e < 16 ? 0.01 * e : 0.01 * e + rise * (e - 15) / 5)))]);

    private static List<LearningCurve> Study(double lateRise) =>
        [.. Enumerable.Range(0, 12).Select(i => Rising($"r{i}", 0.2 + 0.02 * i, i % 3 == 0 ? lateRise : 0.1))];

    private static PredictiveStoppingPolicy Policy(double sd = 0.02) =>
        new PredictiveStoppingPolicy(new FakeExtrapolator(sd: sd), new StopRuleOptions { MinEpochs = 4, CheckInterval = 4 })
            .WithCalibration(CalibrationSettings.OnlineOnly);

    [Fact]
    public void Run_Online_ChangingLaterRunsNeverChangesEarlierDecisions()
    {
        var options = new ReplayOptions { Orders = 1, Seed = 3 };
        var first = ReplaySimulator.Run([new ReplayStudy("s", Study(0.1))], Policy(), options);
        // The same arrival order (it depends on the run count only); from position 6 on, the runs' curves change.
        var order = first.FirstOrder.Select(t => t.RunId).ToList();
        var changed = Study(0.1).Select(c => order.IndexOf(c.RunId) >= 6 ? Rising(c.RunId, 0.05, 0.6) : c).ToList();
        var second = ReplaySimulator.Run([new ReplayStudy("s", changed)], Policy(), options);

        second.FirstOrder.Select(t => t.RunId).ShouldBe(order);
        for (int a = 0; a < 6; a++)
        {
            second.FirstOrder[a].Decision.Reason.ShouldBe(first.FirstOrder[a].Decision.Reason);
            second.FirstOrder[a].EpochsTrained.ShouldBe(first.FirstOrder[a].EpochsTrained);
        }
        // ...and the change does reach the later decisions, so the comparison above could have failed.
        Enumerable.Range(6, 6).Any(a => second.FirstOrder[a].Decision.Reason != first.FirstOrder[a].Decision.Reason).ShouldBeTrue();
    }

    [Fact]
    public void Run_Online_FirstDecisionsAfterACompletionSeeOnlyTheRunsFinishedBefore()
    {
        // Drive one study by hand: what the calibration holds at each decision is exactly the runs completed so far.
        var state = new StudyState(Policy(sd: 0.3), 20);
        var runs = Study(0.3);
        int completed = 0;
        foreach (var run in runs)
        {
            state.Calibration!.PairRuns.ShouldBe(completed);
            for (int i = 0; i < run.Count; i++)
            {
                var outcome = state.Report(run.RunId, run.Epochs[i], run.Values[i]);
                if (outcome.Status == RunStatus.Completed) completed++;
                if (outcome.Decision.ShouldStop) break;
            }
        }
        completed.ShouldBeGreaterThan(1);
    }
}
