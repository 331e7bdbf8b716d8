using LcPfn.EarlyStop.Policies;
using LcPfn.EarlyStop.State;
using LcPfn.EarlyStop.Tests.Fakes;
using LcPfn.Prior;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.State;

public sealed class StudyStateTests
{
    private static readonly DateTimeOffset Noon = new(2026, 1, 2, 12, 0, 0, TimeSpan.Zero);

    private static StudyState NewState(int horizon = 5) =>
        new(new PatienceStoppingPolicy(new StopRuleOptions { MinEpochs = 1 }, patience: 2), horizon, new FakeTimeProvider(Noon));

    [Fact]
    public void Report_UnknownRun_StartsIt()
    {
        var state = NewState();
        var outcome = state.Report("new", 1, 0.3);

        outcome.IsNew.ShouldBeTrue();
        outcome.Status.ShouldBe(RunStatus.Running);
        state.Runs().Single().ShouldBe(new RunSummary("new", 5, RunStatus.Running, 1, 0.3, outcome.Decision));
    }

    [Fact]
    public void Report_RepeatedEpochSameValue_Idempotent()
    {
        var state = NewState();
        state.Report("a", 1, 0.3);
        var first = state.Report("a", 2, 0.4);
        string before = state.ToJson();

        var again = state.Report("a", 2, 0.4);
        var earlier = state.Report("a", 1, 0.3);

        again.IsNew.ShouldBeFalse();
        again.Decision.ShouldBe(first.Decision);
        earlier.Decision.ShouldBe(first.Decision);
        state.ToJson().ShouldBe(before);
    }

    [Fact]
    public void Report_RepeatedEpochOtherValue_ErrorNamesBothValues()
    {
        var state = NewState();
        state.Report("a", 1, 0.3);
        string before = state.ToJson();

        var ex = Should.Throw<InvalidInputException>(() => state.Report("a", 1, 0.35));

        ex.Message.ShouldBe("Run 'a' epoch 1 was already reported with value 0.3; the new value 0.35 differs. Report each epoch once (repeating the same value is allowed).");
        state.ToJson().ShouldBe(before);
    }

    [Fact]
    public void Report_EpochOutOfOrder_ErrorAndStateUnchanged()
    {
        var state = NewState();
        state.Report("a", 1, 0.3);
        state.Report("a", 3, 0.4);
        string before = state.ToJson();

        var ex = Should.Throw<InvalidInputException>(() => state.Report("a", 2, 0.35));

        ex.Message.ShouldBe("Run 'a': epoch 2 arrives after epoch 3; report epochs in increasing order.");
        state.ToJson().ShouldBe(before);
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Report_NonFiniteValue_ErrorAndStateUnchanged(double value, string shown)
    {
        var state = NewState();
        state.Report("a", 1, 0.3);
        string before = state.ToJson();

        var ex = Should.Throw<InvalidInputException>(() => state.Report("a", 2, value));

        ex.Message.ShouldBe($"Run 'a' epoch 2: value {shown} is not a finite number; report finite metric values (NaN and ±infinity are rejected).");
        state.ToJson().ShouldBe(before);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(0)]
    [InlineData(-1)]
    public void Report_EpochOutsideHorizon_ErrorAndStateUnchanged(int epoch)
    {
        var state = NewState();
        state.Report("a", 1, 0.3);
        string before = state.ToJson();

        var ex = Should.Throw<InvalidInputException>(() => state.Report("a", epoch, 0.4));

        ex.Message.ShouldBe($"Run 'a': epoch {epoch} is outside 1..5 (the run's horizon); report 1-based epochs up to the horizon, or declare a longer horizon with StartRun.");
        state.ToJson().ShouldBe(before);
    }

    [Fact]
    public void Report_BadReportOfUnknownRun_DoesNotStartIt()
    {
        var state = NewState();
        Should.Throw<InvalidInputException>(() => state.Report("ghost", 9, 0.4));
        Should.Throw<InvalidInputException>(() => state.Report("ghost", 1, double.NaN));
        state.RunCount.ShouldBe(0);
    }

    [Fact]
    public void Report_ValueJustAboveTheUpperBound_IsRecordedClipped()
    {
        var state = NewState();

        state.Report("a", 1, 1.004);

        Should.NotThrow(() => state.Report("a", 1, 1.0)); // the same value again: the stored one is 1
        Should.Throw<InvalidInputException>(() => state.Report("a", 2, 1.02));
    }

    [Fact]
    public void Report_ValueOutsideBounds_ErrorNamesBounds()
    {
        var state = NewState();
        var ex = Should.Throw<InvalidInputException>(() => state.Report("a", 1, 93.5));
        ex.Message.ShouldBe("Run 'a' epoch 1: value 93.5 is outside the metric bounds [0, 1]; set StopRuleOptions.LowerBound/UpperBound or scale the metric.");
    }

    [Fact]
    public void Report_StoppedRun_KeepsItsDecision()
    {
        var state = NewState();
        Curves.Feed(state, Curves.Complete("a", 0.5, 0.4, 0.4, 0.9, 0.9));
        var stop = state.LatestDecision("a")!;
        stop.ShouldStop.ShouldBeTrue();
        stop.Epoch.ShouldBe(3);

        var later = state.Report("a", 4, 0.9);

        later.IsNew.ShouldBeFalse();
        later.Decision.ShouldBe(stop);
        later.Status.ShouldBe(RunStatus.Stopped);
        state.Runs().Single().LastEpoch.ShouldBe(3);
    }

    [Fact]
    public void Report_HorizonEpoch_CompletesAndUpdatesBest()
    {
        var state = NewState(horizon: 2);
        state.Report("a", 1, 0.3);
        var outcome = state.Report("a", 2, 0.6);

        outcome.Status.ShouldBe(RunStatus.Completed);
        outcome.Decision.Reason.ShouldBe("reached its horizon (2) with final value 0.60");
        state.BestCompletedFinal.ShouldBe(0.6);
        Should.Throw<InvalidInputException>(() => state.Report("a", 3, 0.7));
    }

    [Fact]
    public void StartRun_OwnHorizon_UsedForItsReports()
    {
        var state = NewState(horizon: 5);
        state.StartRun("long", 8);
        state.StartRun("long", 8);
        state.Report("long", 8, 0.5).Status.ShouldBe(RunStatus.Completed);
        Should.Throw<InvalidInputException>(() => state.StartRun("long", 9)).Message.ShouldBe("Run 'long' already has horizon 8; it cannot be restarted with horizon 9.");
    }

    public static TheoryData<string> PolicyNames => new() { "lcpfn", "median", "asha", "patience", "none" };

    private static IStoppingPolicy MakePolicy(string name)
    {
        var rule = new StopRuleOptions { MinEpochs = 2, CheckInterval = 2 };
        return name switch
        {
            "lcpfn" => new PredictiveStoppingPolicy(new FakeExtrapolator(sd: 0.03), rule),
            "median" => new MedianStoppingPolicy(rule, minCompletedRuns: 2),
            "asha" => new AshaStoppingPolicy(rule, minResource: 2),
            "patience" => new PatienceStoppingPolicy(rule, patience: 3),
            _ => new NoStoppingPolicy(rule),
        };
    }

    private static List<Prior.Data.LearningCurve> Study()
    {
        var random = new Random(4711);
        return Enumerable.Range(0, 12).Select(i =>
        {
            double ceiling = 0.3 + 0.6 * random.NextDouble();
            return Curves.Complete($"run{i}", [.. Enumerable.Range(1, 12).Select(e => Math.Round(ceiling * (1 - Math.Exp(-e / 3.0)) + 0.02 * random.NextDouble(), 4))]);
        }).ToList();
    }

    [Theory]
    [MemberData(nameof(PolicyNames))]
    public void FromJson_SavedMidStudy_SameDecisionsAsWithoutInterruption(string policyName)
    {
        var runs = Study();
        var uninterrupted = new StudyState(MakePolicy(policyName), 12);
        var expected = Curves.Feed(uninterrupted, [.. runs]);

        // The same study, saved and restored in the middle of run 6, with a run declared but not yet reported.
        var first = new StudyState(MakePolicy(policyName), 12);
        var decisions = Curves.Feed(first, [.. runs.Take(6)]);
        var partial = runs[6];
        int stoppedAt = 0;
        for (int i = 0; i < 5 && stoppedAt == 0; i++)
        {
            var d = first.Report(partial.RunId, partial.Epochs[i], partial.Values[i]).Decision;
            decisions.Add(d);
            if (d.ShouldStop) stoppedAt = i + 1;
        }
        string json = first.ToJson();
        var resumed = StudyState.FromJson(json, MakePolicy(policyName));
        resumed.RunCount.ShouldBe(first.RunCount);
        resumed.BestCompletedFinal.ShouldBe(first.BestCompletedFinal);
        resumed.LatestDecision(partial.RunId).ShouldBe(first.LatestDecision(partial.RunId));
        if (stoppedAt == 0)
        {
            for (int i = 5; i < partial.Count; i++)
            {
                var d = resumed.Report(partial.RunId, partial.Epochs[i], partial.Values[i]).Decision;
                decisions.Add(d);
                if (d.ShouldStop) break;
            }
        }
        decisions.AddRange(Curves.Feed(resumed, [.. runs.Skip(7)]));

        decisions.ShouldBe(expected);
        Curves.LastEpochs(resumed).ShouldBe(Curves.LastEpochs(uninterrupted));
    }

    [Fact]
    public void FromJson_OtherPolicy_ErrorNamesBoth()
    {
        string json = NewState().ToJson();
        Should.Throw<InvalidInputException>(() => StudyState.FromJson(json, new NoStoppingPolicy()))
            .Message.ShouldBe("The study was saved with policy 'patience'; restore it with that policy, not 'none'.");
    }

    [Fact]
    public void FromJson_NotJson_ClearError()
    {
        Should.Throw<InvalidInputException>(() => StudyState.FromJson("{ nope", new NoStoppingPolicy())).Message.ShouldStartWith("The saved study state is not valid JSON");
    }

    [Fact]
    public void FromJson_CorruptRun_ErrorNamesRun()
    {
        var state = NewState();
        state.Report("a", 1, 0.3);
        state.Report("a", 2, 0.4);
        var node = System.Text.Json.Nodes.JsonNode.Parse(state.ToJson())!;
        node["runs"]![0]!["epochs"] = new System.Text.Json.Nodes.JsonArray(2, 1);
        string json = node.ToJsonString();
        Should.Throw<InvalidInputException>(() => StudyState.FromJson(json, state.Policy)).Message.ShouldStartWith("Saved run 'a': epoch 1");
    }
}
