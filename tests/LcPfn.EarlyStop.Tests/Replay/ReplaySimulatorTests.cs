using LcPfn.EarlyStop.Policies;
using LcPfn.EarlyStop.Replay;
using LcPfn.EarlyStop.Tests.Fakes;
using LcPfn.Prior;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Replay;

public sealed class ReplaySimulatorTests
{
    private static readonly ReplayStudy PatienceStudy = new("s", [
        Curves.Complete("A", 0.5, 0.6, 0.6, 0.6, 0.7),
        Curves.Complete("B", 0.3, 0.2, 0.1, 0.4, 0.5),
        Curves.Complete("C", 0.1, 0.2, 0.3, 0.4, 0.5),
    ]);

    [Fact]
    public void Run_None_SpeedupOneRegretZero()
    {
        var result = ReplaySimulator.Run([PatienceStudy], new NoStoppingPolicy(), new ReplayOptions { Orders = 3 });

        result.Speedup.ShouldBe(1.0);
        result.Regret.ShouldBe(0.0);
        result.Stopped.ShouldBe(0.0);
        result.EpochsFull.ShouldBe(15);
        result.Runs.ShouldBe(3);
        result.FirstOrder.Count.ShouldBe(3);
    }

    [Fact]
    public void Run_PatienceHandWorked_SpeedupAndRegretInFileUnits()
    {
        // Patience 2 stops A at 4 and B at 3 in every order; C completes. Epochs 12 of 15; best found 0.5 vs 0.7.
        // The file was in percent and read with scale 0.01, so the regret is 20 percentage points.
        var policy = new PatienceStoppingPolicy(new StopRuleOptions { MinEpochs = 1 }, patience: 2);
        var result = ReplaySimulator.Run([PatienceStudy], policy, new ReplayOptions { Orders = 4, Scale = 0.01 });

        result.EpochsUsed.ShouldBe(12);
        result.Speedup.ShouldBe(1.25);
        result.Stopped.ShouldBe(2);
        result.Regret.ShouldBe(20, 1e-9);
        result.RegretRate.ShouldBe(1.0);
        result.FirstOrder.Single(t => t.RunId == "A").EpochsTrained.ShouldBe(4);
    }

    [Fact]
    public void Run_Lcpfn_ForecastsOnceBatchedAndAveragesOrders()
    {
        // Horizon 4, checks at epochs 2 and 3: 3 runs x 2 check points = 6 forecasts, all among the first checks
        // forecast up front in one call, reused by all orders.
        var fake = new FakeExtrapolator(sd: 0.05);
        var study = new ReplayStudy("s", [
            Curves.Complete("A", 0.5, 0.6, 0.7, 0.8),
            Curves.Complete("B", 0.3, 0.35, 0.4, 0.45),
            Curves.Complete("C", 0.7, 0.79, 0.85, 0.9),
        ]);
        var progress = new List<ReplayProgress>();
        var options = new ReplayOptions { Orders = 6, Seed = 7, Progress = new InlineProgress(progress.Add) };

        var result = ReplaySimulator.Run([study], new PredictiveStoppingPolicy(fake, new StopRuleOptions { MinEpochs = 2 }), options);

        fake.CallSizes.ShouldBe([6]);
        result.Forecasts.ShouldBe(6);
        progress[^1].Done.ShouldBe(18);   // runs replayed: 3 runs x 6 orders
        progress[^1].Total.ShouldBe(18);
        result.Regret.ShouldBe(0.0);   // C, the best, is never stopped
        result.Stopped.ShouldBeGreaterThan(0);
        result.Speedup.ShouldBeGreaterThan(1.0);
    }

    [Fact]
    public void Run_SameSeed_SameResult()
    {
        var policy = new MedianStoppingPolicy(new StopRuleOptions { MinEpochs = 1 }, minCompletedRuns: 1);
        var a = ReplaySimulator.Run([PatienceStudy], policy, new ReplayOptions { Orders = 5, Seed = 3 });
        var b = ReplaySimulator.Run([PatienceStudy], policy, new ReplayOptions { Orders = 5, Seed = 3 });
        a.EpochsUsed.ShouldBe(b.EpochsUsed);
        a.Regret.ShouldBe(b.Regret);
        a.FirstOrder.ShouldBe(b.FirstOrder);
    }

    [Fact]
    public void Shuffle_Seeded_IsAPermutationAndDependsOnOrder()
    {
        var first = ReplaySimulator.Shuffle(20, 1, 0, 0);
        first.Order().ShouldBe(Enumerable.Range(0, 20));
        ReplaySimulator.Shuffle(20, 1, 0, 0).ShouldBe(first);
        ReplaySimulator.Shuffle(20, 1, 0, 1).ShouldNotBe(first);
    }

    [Fact]
    public void CheckPoints_Schedule_CutsAtDueEpochs()
    {
        var run = Curves.Complete("A", 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8);
        var cuts = ReplaySimulator.CheckPoints(run, new StopRuleOptions { MinEpochs = 2, CheckInterval = 3 }).Select(c => c.Epochs[^1]);
        cuts.ShouldBe([2, 5]);
    }

    [Fact]
    public void Run_IncompleteCurve_ErrorNamesRun()
    {
        var partial = new Prior.Data.LearningCurve("x", "s", 5, [1, 2], [0.1, 0.2]);
        Should.Throw<InvalidInputException>(() => ReplaySimulator.Run([new ReplayStudy("s", [partial])], new NoStoppingPolicy()))
            .Message.ShouldBe("Study 's', run 'x': replay needs complete curves (every epoch 1..5); it has 2 epochs.");
    }

    [Fact]
    public void Run_Nb201RealCurves_MedianSavesEpochsWithoutRegret()
    {
        // The real NB201 validation curves (percent, read with scale 0.01), one arrival order.
        var read = Prior.Data.CurveFileReader.Read(LcPfn.Tests.TestPaths.SharedFile("nb201/nb201_cifar10-valid_hp200_valid_acc.csv"), new Prior.Data.CurveReadOptions { Scale = 0.01 });
        var study = new ReplayStudy("nb201", read.Curves);
        var rule = new StopRuleOptions { MinEpochs = 5, CheckInterval = 5 };

        var none = ReplaySimulator.Run([study], new NoStoppingPolicy(rule), new ReplayOptions { Orders = 1, Scale = 0.01 }, TestContext.Current.CancellationToken);
        var median = ReplaySimulator.Run([study], new MedianStoppingPolicy(rule), new ReplayOptions { Orders = 1, Scale = 0.01 }, TestContext.Current.CancellationToken);

        read.Curves.Count.ShouldBe(160);
        none.EpochsFull.ShouldBe(32_000);
        none.Regret.ShouldBe(0);
        median.Speedup.ShouldBeGreaterThan(1.2);
        median.Regret.ShouldBe(0, 1e-9);
    }

    private sealed class InlineProgress(Action<ReplayProgress> report) : IProgress<ReplayProgress>
    {
        public void Report(ReplayProgress value) => report(value);
    }
}
