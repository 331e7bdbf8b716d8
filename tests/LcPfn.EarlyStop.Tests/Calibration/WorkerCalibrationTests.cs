using System.Diagnostics.Metrics;
using LcPfn.EarlyStop.Calibration;
using LcPfn.EarlyStop.Hosting;
using LcPfn.EarlyStop.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Calibration;

/// <summary>The hosted worker's online calibration lives in its state store: a restarted worker calibrates alike.</summary>
public sealed class WorkerCalibrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly StopRuleOptions Rule = new() { MinEpochs = 2, CheckInterval = 1 };

    // The fake forecasts the last value (sd 0.01); these runs rise by 0.3 after their checks.
    private static readonly double[] First = [0.1, 0.2, 0.25, 0.3, 0.6];
    private static readonly double[] Second = [0.2, 0.3];

    private static ReportProcessor Processor(IRunStateStore store, IDecisionEngine engine) =>
        new(engine, store, new EarlyStopMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>(), () => 0), TimeProvider.System, NullLogger.Instance);

    private static async Task<CurveDecision> Feed(ReportProcessor processor, string run, double[] values)
    {
        CurveDecision? last = null;
        for (int e = 1; e <= values.Length; e++)
        {
            var envelope = new RecordingEnvelope(new CurveReport("s", run, e, values[e - 1], 5));
            await processor.ProcessAsync([envelope], Ct);
            last = envelope.Completed;
        }
        return last!;
    }

    [Fact]
    public async Task Worker_Online_RestartedWorkerDecidesAsTheFirstAndCalibrationChangedTheDecision()
    {
        var store = new InMemoryRunStateStore();
        var first = Processor(store, new PolicyDecisionEngine(new FakeExtrapolator(sd: 0.01), Rule, CalibrationSettings.OnlineOnly));
        await Feed(first, "first", First);
        var before = await Feed(first, "second", Second);

        (await store.GetStudyCompletedAsync("s", Ct)).ShouldBe(["first"]);

        // A new engine and processor over the same store: the calibration comes back from the completed runs.
        var restarted = Processor(store, new PolicyDecisionEngine(new FakeExtrapolator(sd: 0.01), Rule, CalibrationSettings.OnlineOnly));
        var after = await Feed(restarted, "third", Second);
        after.Reason.ShouldBe(before.Reason);
        after.PredictedMedian.ShouldBe(before.PredictedMedian);

        // Raw, the same run is forecast at its last value 0.3; calibrated on "first", higher.
        var rawStore = new InMemoryRunStateStore();
        var raw = Processor(rawStore, new PolicyDecisionEngine(new FakeExtrapolator(sd: 0.01), Rule));
        await Feed(raw, "first", First);
        var uncalibrated = await Feed(raw, "second", Second);
        uncalibrated.PredictedMedian!.Value.ShouldBe(0.3, 1e-9);
        before.PredictedMedian!.Value.ShouldBeGreaterThan(0.3 + 0.05);
        uncalibrated.Stop.ShouldBeTrue();
        before.Stop.ShouldBeFalse();
    }
}
