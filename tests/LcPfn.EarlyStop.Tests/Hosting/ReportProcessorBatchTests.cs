using System.Diagnostics.Metrics;
using LcPfn.EarlyStop.Hosting;
using LcPfn.EarlyStop.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Hosting;

/// <summary>
/// The batched and pipelined paths of <see cref="ReportProcessor"/>: a batch's writes are sent together and its lost
/// compare-and-sets are resolved together; <see cref="ReportProcessor.BeginAsync"/> returns before the batch is
/// stored, and a run's next report waits for its report still in flight.
/// </summary>
public sealed class ReportProcessorBatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProcessAsync_OneWriteOfABatchConflicts_EveryReportGetsExactlyOneDecisionAndOnlyThatRunIsDecidedAgain()
    {
        var store = new ScriptedStore();
        var engine = new RecordingEngine();
        // Run r2 is written by someone else (an earlier epoch, not this one) between our read and our write.
        var earlier = new CurveReport("s", "r2", 1, 0.9, 10);
        var raced = false;
        store.BeforePut = state =>
        {
            if (state.RunId != "r2" || raced) return null;
            raced = true;
            var theirs = FakeDecisionEngine.Decide(RunState.Empty(earlier).ToRequest(earlier, null));
            return () => store.Inner.TryPutRunAsync(RunState.Empty(earlier).With(earlier, theirs), 0, Ct).AsTask().Wait(Ct);
        };
        var envelopes = new[] { "r1", "r2", "r3" }.Select(r => new RecordingEnvelope(new CurveReport("s", r, 2, 0.5, 10))).ToList();

        await NewProcessor(store, engine).ProcessAsync(envelopes, Ct);

        envelopes.ShouldAllBe(e => e.Completions == 1);
        engine.Batches.Select(b => b.Count).ShouldBe([3, 1], "one batched call, then one for the run that lost its write");
        engine.Batches[1].Single().Report.RunId.ShouldBe("r2");
        engine.Batches[1].Single().Values.ShouldBe([0.9, 0.5], "decided again with the epoch the other writer stored");
        foreach (var envelope in envelopes)
        {
            var (state, _) = await store.Inner.GetRunAsync("s", envelope.Report!.RunId, Ct);
            state!.DecisionFor(2).ShouldBe(envelope.Completed, "the delivered decision is the stored one");
        }
    }

    [Fact]
    public async Task BeginAsync_WhileABatchIsStillBeingStored_DecidesTheNextBatchAndHoldsOnlyTheSameRunsReport()
    {
        var store = new ScriptedStore();
        var engine = new RecordingEngine();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.WriteGate = state => state.RunId == "a" && state.Epochs.Length == 1 ? release.Task : Task.CompletedTask;
        var processor = NewProcessor(store, engine);
        var first = new RecordingEnvelope(new CurveReport("s", "a", 1, 0.4, 10));
        var other = new RecordingEnvelope(new CurveReport("s", "b", 1, 0.6, 10));
        var next = new RecordingEnvelope(new CurveReport("s", "a", 2, 0.5, 10));

        var firstAnswered = await processor.BeginAsync([first], Ct);
        var otherAnswered = await processor.BeginAsync([other], Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await otherAnswered.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var nextBegun = processor.BeginAsync([next], Ct);

        firstAnswered.IsCompleted.ShouldBeFalse("run a's write is held");
        other.Completions.ShouldBe(1, "another run's batch is decided, stored and delivered meanwhile");
        nextBegun.IsCompleted.ShouldBeFalse("run a's next report waits for its first");
        release.SetResult();
        await firstAnswered.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await (await nextBegun.WaitAsync(TimeSpan.FromSeconds(10), Ct)).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        new[] { first, next }.ShouldAllBe(e => e.Completions == 1);
        engine.Batches.Last().Single().Values.ShouldBe([0.4, 0.5], "epoch 2 is decided with epoch 1 stored");
        (await store.Inner.GetRunAsync("s", "a", Ct)).Value!.Epochs.ShouldBe([1, 2]);
    }

    private static ReportProcessor NewProcessor(IRunStateStore store, IDecisionEngine engine) =>
        new(engine, store, new EarlyStopMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>(), () => 0), TimeProvider.System, NullLogger.Instance);

    /// <summary>Decides like <see cref="FakeDecisionEngine"/> and keeps every batch of requests it was given.</summary>
    private sealed class RecordingEngine : IDecisionEngine
    {
        public List<IReadOnlyList<DecisionRequest>> Batches { get; } = [];

        public IReadOnlyList<CurveDecision> Decide(IReadOnlyList<DecisionRequest> requests, CancellationToken cancellationToken = default)
        {
            lock (Batches) Batches.Add([.. requests]);
            return requests.Select(FakeDecisionEngine.Decide).ToList();
        }
    }

    /// <summary>An in-memory store whose writes can be raced (an action just before one) or held (until a task completes).</summary>
    private sealed class ScriptedStore : IRunStateStore
    {
        public InMemoryRunStateStore Inner { get; } = new();

        public Func<RunState, Action?>? BeforePut { get; set; }

        public Func<RunState, Task>? WriteGate { get; set; }

        public ValueTask<Versioned<RunState>> GetRunAsync(string study, string runId, CancellationToken cancellationToken) => Inner.GetRunAsync(study, runId, cancellationToken);

        public async ValueTask<bool> TryPutRunAsync(RunState state, ulong expectedRevision, CancellationToken cancellationToken)
        {
            BeforePut?.Invoke(state)?.Invoke();
            if (WriteGate is { } gate) await gate(state).WaitAsync(cancellationToken);
            return await Inner.TryPutRunAsync(state, expectedRevision, cancellationToken);
        }

        public ValueTask<double?> GetStudyBestAsync(string study, CancellationToken cancellationToken) => Inner.GetStudyBestAsync(study, cancellationToken);

        public ValueTask OfferStudyBestAsync(string study, double finalValue, MetricDirection direction, CancellationToken cancellationToken) =>
            Inner.OfferStudyBestAsync(study, finalValue, direction, cancellationToken);

        public ValueTask<IReadOnlyList<string>> GetStudyCompletedAsync(string study, CancellationToken cancellationToken) => Inner.GetStudyCompletedAsync(study, cancellationToken);

        public ValueTask AddStudyCompletedAsync(string study, string runId, CancellationToken cancellationToken) => Inner.AddStudyCompletedAsync(study, runId, cancellationToken);
    }
}
