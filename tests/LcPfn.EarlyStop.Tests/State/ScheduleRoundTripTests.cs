using LcPfn.EarlyStop.Hosting;
using LcPfn.EarlyStop.Policies;
using LcPfn.EarlyStop.Tests.Fakes;
using LcPfn.Prior.Schedules;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.State;

/// <summary>The learning-rate schedule reaches every forecast and survives save/restore and the wire.</summary>
public sealed class ScheduleRoundTripTests
{
    private static readonly StopRuleOptions Rule = new() { MinEpochs = 2, CheckInterval = 1 };

    private static void Complete(EarlyStopCallback callback, string runId, int horizon)
    {
        for (int e = 1; e <= horizon; e++) callback.Report(runId, e, 0.5 + 0.01 * e);
    }

    [Fact]
    public void Callback_StudyAndRunSchedules_ReachTheForecasts_AndSurviveSaveAndRestore()
    {
        var fake = new FakeExtrapolator(gain: 0.5); // forecasts above the best: no run stops, every check forecasts
        var step = LearningRateSchedule.Step([6], 0.5);
        var explicitSchedule = LearningRateSchedule.FromMultipliers([1, 1, 0.8, 0.6, 0.4, 0.3, 0.2, 0.1, 0.05, 0.01]);
        var callback = new EarlyStopCallback(new PredictiveStoppingPolicy(fake, Rule), new EarlyStopCallbackOptions { Horizon = 10, Schedule = LearningRateSchedule.Cosine });
        Complete(callback, "done", 10);
        callback.StartRun("stepped", 10, step);
        callback.StartRun("listed", 10, explicitSchedule);
        foreach (var run in new[] { "plain", "stepped", "listed" })
        {
            callback.Report(run, 1, 0.3);
            callback.Report(run, 2, 0.35);
        }
        fake.Requests.Single(r => r.RunId == "plain").Schedule.ShouldBe(LearningRateSchedule.Cosine);
        fake.Requests.Single(r => r.RunId == "stepped").Schedule.ShouldBe(step);
        fake.Requests.Single(r => r.RunId == "listed").Schedule.ShouldBe(explicitSchedule);

        var restoredFake = new FakeExtrapolator(gain: 0.5);
        var restored = EarlyStopCallback.Restore(callback.SaveState(), new PredictiveStoppingPolicy(restoredFake, Rule));
        restored.State.Schedule.ShouldBe(LearningRateSchedule.Cosine);
        foreach (var run in new[] { "plain", "stepped", "listed" }) restored.Report(run, 3, 0.4);
        restoredFake.Requests.Single(r => r.RunId == "plain").Schedule.ShouldBe(LearningRateSchedule.Cosine);
        restoredFake.Requests.Single(r => r.RunId == "stepped").Schedule.ShouldBe(step);
        restoredFake.Requests.Single(r => r.RunId == "listed").Schedule.ShouldBe(explicitSchedule);
    }

    [Fact]
    public void Report_ScheduleField_RoundTripsOnTheWire_AndABadOneIsRejectedWithItsReason()
    {
        var report = new CurveReport("s", "r", 3, 0.5, 50) { Schedule = LearningRateSchedule.CosineWarmup(5) };
        var parsed = HostingJson.ParseReport(HostingJson.WriteReport(report), out var rejection);
        rejection.ShouldBeNull();
        parsed!.Schedule.ShouldBe(LearningRateSchedule.CosineWarmup(5));

        var bad = HostingJson.ParseReport("""{"study":"s","run_id":"r","epoch":3,"value":0.5,"horizon":50,"schedule":"/etc/passwd"}"""u8, out rejection);
        bad.ShouldBeNull();
        rejection.ShouldNotBeNull();
        rejection.ShouldStartWith("schedule is not a learning-rate schedule");
        var tooLong = HostingJson.ParseReport(System.Text.Encoding.UTF8.GetBytes($$"""{"study":"s","run_id":"r","epoch":3,"value":0.5,"horizon":50,"schedule":"{{new string('x', 5000)}}"}"""), out rejection);
        tooLong.ShouldBeNull();
        rejection!.Length.ShouldBeLessThan(400);
    }
}
