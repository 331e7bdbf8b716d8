using LcPfn.EarlyStop.Hosting;
using LcPfn.EarlyStop.Tests.Fakes;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Hosting;

public sealed class ReportProcessorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProcessAsync_AnotherWorkerDecidedTheEpochFirst_DeliversTheStoredDecision()
    {
        var store = new RacingStore();
        var report = new CurveReport("s", "r", 1, 0.5, 10);
        var theirs = new CurveDecision("s", "r", 1, true, "decided elsewhere");
        store.BeforeFirstPut = () => store.Inner.TryPutRunAsync(RunState.Empty(report).With(report, theirs), 0, Ct).AsTask().Wait(Ct);
        var envelope = new RecordingEnvelope(report);

        await NewProcessor(store).ProcessAsync([envelope], Ct);

        envelope.Completed.ShouldBe(theirs);
    }

    [Fact]
    public async Task ProcessAsync_SameRunTwiceInOneBatch_DecidesInEpochOrderWithTheEarlierStored()
    {
        var store = new RacingStore();
        var engine = new FakeDecisionEngine();
        var envelopes = new[] { 1, 2, 3 }.Select(e => new RecordingEnvelope(new CurveReport("s", "r", e, 1.0 / e, 10))).ToList();

        await NewProcessor(store, engine).ProcessAsync(envelopes, Ct);

        envelopes.Select(e => e.Completed!.Stop).ShouldBe([false, false, true]);
        engine.Calls.ShouldBe(3);
    }

    [Fact]
    public async Task ProcessAsync_EngineAdmitsAClippedReport_DecidesAndStoresTheClippedValue()
    {
        var store = new InMemoryRunStateStore();
        var engine = new ClippingEngine();
        var envelope = new RecordingEnvelope(new CurveReport("s", "r", 1, 1.004, 10));

        await new ReportProcessor(engine, store, new EarlyStopMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>(), () => 0), TimeProvider.System, NullLogger.Instance)
            .ProcessAsync([envelope], Ct);

        envelope.Completed.ShouldNotBeNull();
        engine.DecidedValues.ShouldBe([1.0]);
        var (state, _) = await store.GetRunAsync("s", "r", Ct);
        state!.Values.ShouldBe([1.0]);
    }

    private sealed class ClippingEngine : IDecisionEngine
    {
        public List<double> DecidedValues { get; } = [];

        public CurveReport Admit(CurveReport report) => report with { Value = Math.Min(report.Value, 1.0) };

        public IReadOnlyList<CurveDecision> Decide(IReadOnlyList<DecisionRequest> requests, CancellationToken cancellationToken = default)
        {
            DecidedValues.AddRange(requests.Select(r => r.Values[^1]));
            return requests.Select(FakeDecisionEngine.Decide).ToList();
        }
    }

    private static ReportProcessor NewProcessor(IRunStateStore store, IDecisionEngine? engine = null) =>
        new(engine ?? new FakeDecisionEngine(), store, new EarlyStopMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>(), () => 0), TimeProvider.System, NullLogger.Instance);

    private sealed class RacingStore : IRunStateStore
    {
        public InMemoryRunStateStore Inner { get; } = new();

        public Action? BeforeFirstPut { get; set; }

        public ValueTask<Versioned<RunState>> GetRunAsync(string study, string runId, CancellationToken cancellationToken) => Inner.GetRunAsync(study, runId, cancellationToken);

        public ValueTask<bool> TryPutRunAsync(RunState state, ulong expectedRevision, CancellationToken cancellationToken)
        {
            var race = BeforeFirstPut;
            BeforeFirstPut = null;
            race?.Invoke();
            return Inner.TryPutRunAsync(state, expectedRevision, cancellationToken);
        }

        public ValueTask<double?> GetStudyBestAsync(string study, CancellationToken cancellationToken) => Inner.GetStudyBestAsync(study, cancellationToken);

        public ValueTask OfferStudyBestAsync(string study, double finalValue, MetricDirection direction, CancellationToken cancellationToken) =>
            Inner.OfferStudyBestAsync(study, finalValue, direction, cancellationToken);

        public ValueTask<IReadOnlyList<string>> GetStudyCompletedAsync(string study, CancellationToken cancellationToken) => Inner.GetStudyCompletedAsync(study, cancellationToken);

        public ValueTask AddStudyCompletedAsync(string study, string runId, CancellationToken cancellationToken) => Inner.AddStudyCompletedAsync(study, runId, cancellationToken);
    }
}
