using LcPfn.EarlyStop.Calibration;
using LcPfn.EarlyStop.Policies;
using LcPfn.EarlyStop.State;
using LcPfn.EarlyStop.Tests.Fakes;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Calibration;

public sealed class StudyCalibrationTests
{
    [Fact]
    public void Calibrate_BeforeAnyRunFinished_IsTheRawForecast()
    {
        var study = new StudyCalibration(CalibrationSettings.OnlineOnly);
        var raw = new NormalDistribution(0.4, 0.02);

        study.Calibrate(raw, 0.2, "a").Quantile(0.9).ShouldBe(raw.Quantile(0.9), 1e-12);
        study.Pairs.ShouldBeEmpty();
    }

    [Fact]
    public void RunCompleted_TurnsItsKeptForecastsIntoPairs_StoppedRunsGiveNone()
    {
        var study = new StudyCalibration(CalibrationSettings.OnlineOnly);
        study.Calibrate(new NormalDistribution(0.4, 0.02), 0.2, "a");
        study.Calibrate(new NormalDistribution(0.45, 0.02), 0.4, "a");
        study.Calibrate(new NormalDistribution(0.3, 0.02), 0.2, "b");

        study.RunStopped("b");
        study.RunCompleted("a", 0.6);

        study.Pairs.Count.ShouldBe(2);
        study.Pairs.ShouldAllBe(p => p.Group == "a" && p.Actual == 0.6);
        study.PairRuns.ShouldBe(1);
        study.OnlineModel.IsIdentity.ShouldBeFalse();
    }

    [Fact]
    public void StudyState_CalibratedPolicy_ReadsTheForecastThroughTheFinishedRuns()
    {
        // The fake forecasts the last value (sd 0.01): far too low for these curves, which rise by 0.3 after the check.
        var policy = new PredictiveStoppingPolicy(new FakeExtrapolator(sd: 0.01), new StopRuleOptions { MinEpochs = 2, CheckInterval = 1 })
            .WithCalibration(CalibrationSettings.OnlineOnly);
        var state = new StudyState(policy, 5);
        Curves.Feed(state, Curves.Complete("first", 0.1, 0.2, 0.25, 0.3, 0.6));

        state.Calibration!.Pairs.Count.ShouldBe(3); // checks at epochs 2, 3, 4 of the first run
        var decision = state.Report("second", 1, 0.15).Decision;
        decision = state.Report("second", 2, 0.25).Decision;

        // Raw: P(final > 0.6) for N(0.25, 0.01) is 0. Calibrated on one run, the median moves up by a quarter of 0.35.
        decision.PredictedMedian!.Value.ShouldBeGreaterThan(0.25 + 0.05);
    }

    [Fact]
    public void OnlineModel_OverAnOfflineBase_ShrinksWideningToo()
    {
        // One finished run that ended 15 half-widths above its forecasts.
        var alone = new StudyCalibration(CalibrationSettings.OnlineOnly);
        var stacked = new StudyCalibration(CalibrationSettings.OnlineOnly with
        {
            Offline = new CalibrationModel { Bins = [new CalibrationBin { Lower = 0, Upper = 1, Scale = 1.0001 }] },
        });
        foreach (var study in new[] { alone, stacked })
        {
            study.Calibrate(new NormalDistribution(0.5, 0.0122), 0.4, "a");
            study.RunCompleted("a", 0.8);
        }

        // Alone, the widening is taken whole (the safe side); over a base fitted on past studies it is shrunk.
        double wide = alone.OnlineModel.BinFor(0.4)!.Scale;
        double shrunk = stacked.OnlineModel.BinFor(0.4)!.Scale;
        wide.ShouldBeGreaterThan(5);
        shrunk.ShouldBeLessThan(2.5);
        shrunk.ShouldBeGreaterThan(1);
    }

    [Fact]
    public void StudyState_MinimizedLoss_CalibratesInModelUnits()
    {
        // Losses in [0, 2] that keep falling by 0.4 after the checks; the fake forecasts the last value (too high a loss).
        var policy = new PredictiveStoppingPolicy(new FakeExtrapolator(sd: 0.01),
                new StopRuleOptions { MinEpochs = 2, CheckInterval = 1, LowerBound = 0, UpperBound = 2, Direction = MetricDirection.Minimize })
            .WithCalibration(CalibrationSettings.OnlineOnly);
        var state = new StudyState(policy, 5);
        Curves.Feed(state, Curves.Complete("first", 1.8, 1.6, 1.5, 1.4, 1.0));

        state.Report("second", 1, 1.7);
        var decision = state.Report("second", 2, 1.5).Decision;

        // Raw median 1.5 (the last loss); calibrated on the first run, which ended lower, the predicted loss falls.
        decision.PredictedMedian!.Value.ShouldBeLessThan(1.5 - 0.05);
        decision.PredictedLow!.Value.ShouldBeLessThan(decision.PredictedHigh!.Value);
    }
}
