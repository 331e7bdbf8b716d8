using System.Collections.Concurrent;
using LcPfn.EarlyStop.Policies;
using LcPfn.EarlyStop.State;
using LcPfn.EarlyStop.Tests.Fakes;
using LcPfn.Prior;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace LcPfn.EarlyStop.Tests;

public sealed class EarlyStopCallbackTests
{
    private static readonly DateTimeOffset Noon = new(2026, 1, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Report_TrainingLoop_StopsHopelessRunAndRaisesEventPerDecision()
    {
        var events = new List<OnStopDecisionArguments>();
        var clock = new FakeTimeProvider(Noon);
        var callback = new EarlyStopCallback(
            new PredictiveStoppingPolicy(new FakeExtrapolator(sd: 0.02), new StopRuleOptions { MinEpochs = 2 }),
            new EarlyStopCallbackOptions { Horizon = 4, OnDecision = args => { events.Add(args); return ValueTask.CompletedTask; } },
            clock);

        foreach (var (epoch, value) in new[] { (1, 0.5), (2, 0.7), (3, 0.8), (4, 0.85) })
            callback.Report("winner", epoch, value).ShouldStop.ShouldBeFalse();
        clock.Advance(TimeSpan.FromMinutes(5));
        callback.Report("loser", 1, 0.2).ShouldStop.ShouldBeFalse();
        callback.Report("loser", 2, 0.25).ShouldStop.ShouldBeTrue();
        callback.Report("loser", 3, 0.99).ShouldStop.ShouldBeTrue(); // keeps its decision, no new event

        events.Count.ShouldBe(6);
        events[^1].Decision.RunId.ShouldBe("loser");
        events[^1].Status.ShouldBe(RunStatus.Stopped);
        events[^1].Value.ShouldBe(0.25);
        events[^1].Timestamp.ShouldBe(Noon + TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task ReportAsync_AsyncEvent_AwaitedBeforeReturning()
    {
        var seen = new List<int>();
        var callback = new EarlyStopCallback(new NoStoppingPolicy(), new EarlyStopCallbackOptions
        {
            Horizon = 3,
            OnDecision = async args => { await Task.Yield(); seen.Add(args.Decision.Epoch); },
        });

        for (int epoch = 1; epoch <= 3; epoch++)
            (await callback.ReportAsync("a", epoch, 0.5, TestContext.Current.CancellationToken)).ShouldStop.ShouldBeFalse();
        callback.Report("a", 3, 0.5);

        seen.ShouldBe([1, 2, 3]);
    }

    [Fact]
    public void Report_ManyRunsInParallel_SameDecisionsAsSequential()
    {
        // Patience decides from the run alone, so parallel reporting must give exactly the sequential decisions.
        var runs = Enumerable.Range(0, 64).Select(i => Curves.Complete($"r{i}",
            [.. Enumerable.Range(1, 40).Select(e => Math.Round(0.5 + 0.4 * Math.Sin(e * (1 + i % 7) / 9.0) * Math.Exp(-e / 30.0), 4))])).ToList();
        var rule = new StopRuleOptions { MinEpochs = 1 };
        var sequential = new EarlyStopCallback(new PatienceStoppingPolicy(rule, patience: 4), new EarlyStopCallbackOptions { Horizon = 40 });
        Curves.Feed(sequential.State, [.. runs]);

        int events = 0;
        var parallel = new EarlyStopCallback(new PatienceStoppingPolicy(rule, patience: 4), new EarlyStopCallbackOptions
        {
            Horizon = 40,
            OnDecision = _ => { Interlocked.Increment(ref events); return ValueTask.CompletedTask; },
        });
        Parallel.ForEach(runs, new ParallelOptions { MaxDegreeOfParallelism = 8 }, run =>
        {
            for (int i = 0; i < run.Count; i++)
            {
                if (parallel.Report(run.RunId, run.Epochs[i], run.Values[i]).ShouldStop) break;
            }
        });

        parallel.State.Runs().ShouldBe(sequential.State.Runs());
        events.ShouldBe(parallel.State.Runs().Sum(r => r.LastEpoch));
    }

    [Fact]
    public void Report_ManyRunsInParallelWithForecasts_ConsistentState()
    {
        var fake = new FakeExtrapolator(sd: 0.05);
        var callback = new EarlyStopCallback(new PredictiveStoppingPolicy(fake, new StopRuleOptions { MinEpochs = 3 }), new EarlyStopCallbackOptions { Horizon = 30 });
        var decisions = new ConcurrentBag<StopDecision>();
        Parallel.For(0, 48, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            double ceiling = 0.3 + 0.6 * ((i * 37) % 48) / 48.0;
            for (int epoch = 1; epoch <= 30; epoch++)
            {
                var decision = callback.Report($"r{i}", epoch, ceiling * (1 - Math.Exp(-epoch / 5.0)));
                decisions.Add(decision);
                if (decision.ShouldStop) break;
            }
        });

        var runs = callback.State.Runs();
        runs.Count.ShouldBe(48);
        runs.ShouldAllBe(r => (r.Status == RunStatus.Completed && r.LastEpoch == 30) || (r.Status == RunStatus.Stopped && r.Decision!.ShouldStop));
        decisions.Count.ShouldBe(runs.Sum(r => r.LastEpoch));
        callback.State.CompletedRuns.ShouldBe(runs.Count(r => r.Status == RunStatus.Completed));
        callback.State.BestCompletedFinal.ShouldBe(runs.Where(r => r.Status == RunStatus.Completed).Max(r => r.LastValue));
        runs.Count(r => r.Status == RunStatus.Stopped).ShouldBeGreaterThan(0);
        fake.CallSizes.Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Restore_SavedState_KeepsDecisionsAndBest()
    {
        var policy = new PatienceStoppingPolicy(new StopRuleOptions { MinEpochs = 1 }, patience: 1);
        var callback = new EarlyStopCallback(policy, new EarlyStopCallbackOptions { Horizon = 3 });
        Curves.Feed(callback.State, Curves.Complete("a", 0.5, 0.6, 0.7), Curves.Complete("b", 0.4, 0.3, 0.9));

        var restored = EarlyStopCallback.Restore(callback.SaveState(), policy);

        restored.State.BestCompletedFinal.ShouldBe(0.7);
        restored.LatestDecision("b").ShouldBe(callback.LatestDecision("b"));
        restored.Report("b", 3, 0.9).ShouldStop.ShouldBeTrue();
    }

    [Fact]
    public void Constructor_InvalidHorizon_Throws()
    {
        Should.Throw<InvalidInputException>(() => new EarlyStopCallback(new NoStoppingPolicy(), new EarlyStopCallbackOptions { Horizon = 0 }))
            .Message.ShouldBe("Horizon: horizon 0 is outside [1, 100000] (the horizon limit of every command)");
    }
}
