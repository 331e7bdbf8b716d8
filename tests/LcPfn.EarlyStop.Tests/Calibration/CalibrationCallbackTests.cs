using LcPfn.EarlyStop.Calibration;
using LcPfn.EarlyStop.Policies;
using LcPfn.EarlyStop.Tests.Fakes;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Calibration;

/// <summary>The embedded callback saves the study's calibration with its state and restores it.</summary>
public sealed class CalibrationCallbackTests
{
    private static PredictiveStoppingPolicy Policy(CalibrationSettings settings) =>
        new PredictiveStoppingPolicy(new FakeExtrapolator(sd: 0.01), new StopRuleOptions { MinEpochs = 2, CheckInterval = 1 })
            .WithCalibration(settings);

    private static readonly double[] First = [0.1, 0.2, 0.25, 0.3, 0.6];
    private static readonly double[] Second = [0.45, 0.5, 0.55, 0.58, 0.62];

    [Fact]
    public void SaveRestore_Online_KeepsPairsAndPendingForecasts_DecidesAsUninterrupted()
    {
        var straight = new EarlyStopCallback(Policy(CalibrationSettings.OnlineOnly), new EarlyStopCallbackOptions { Horizon = 5 });
        var interrupted = new EarlyStopCallback(Policy(CalibrationSettings.OnlineOnly), new EarlyStopCallbackOptions { Horizon = 5 });
        for (int e = 1; e <= 5; e++)
        {
            straight.Report("first", e, First[e - 1]);
            interrupted.Report("first", e, First[e - 1]);
        }
        for (int e = 1; e <= 2; e++)
        {
            straight.Report("second", e, Second[e - 1]);
            interrupted.Report("second", e, Second[e - 1]);
        }

        string json = interrupted.SaveState();
        var restored = EarlyStopCallback.Restore(json, Policy(CalibrationSettings.OnlineOnly), new EarlyStopCallbackOptions { Horizon = 5 });

        restored.State.Calibration!.Pairs.Count.ShouldBe(3);
        json.ShouldContain("\"pending\"");
        for (int e = 3; e <= 5; e++)
        {
            var a = straight.Report("second", e, Second[e - 1]);
            var b = restored.Report("second", e, Second[e - 1]);
            b.Reason.ShouldBe(a.Reason);
        }
        // The second run's kept forecasts (epochs 2, 3, 4: one from before the save) became pairs after the restore.
        restored.State.Calibration.Pairs.Count.ShouldBe(6);
        restored.State.Calibration.Pairs.Count(p => p.Group == "second").ShouldBe(3);
    }

    [Fact]
    public void SaveRestore_Offline_KeepsTheSameCalibratedDecisions()
    {
        var offline = new CalibrationModel { Source = "past", Runs = 9, Pairs = 9, Bins = [new CalibrationBin { Lower = 0, Upper = 1, Shift = 0.2, Scale = 2 }] };
        var settings = new CalibrationSettings { Offline = offline };
        var callback = new EarlyStopCallback(Policy(settings), new EarlyStopCallbackOptions { Horizon = 5 });
        for (int e = 1; e <= 5; e++) callback.Report("first", e, First[e - 1]);
        callback.Report("second", 1, 0.2);

        var restored = EarlyStopCallback.Restore(callback.SaveState(), Policy(settings), new EarlyStopCallbackOptions { Horizon = 5 });
        var decision = restored.Report("second", 2, 0.3);

        // Shifted by +0.2: median 0.5 instead of the raw 0.3.
        decision.PredictedMedian!.Value.ShouldBe(0.5, 1e-6);
    }
}
