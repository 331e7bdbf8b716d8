using LcPfn.Prior;
using LcPfn.Prior.Data;
using LcPfn.Prior.Schedules;
using Microsoft.Extensions.Logging;

namespace LcPfn.EarlyStop.Hosting;

/// <summary>
/// Turns a micro-batch of envelopes into stored, delivered decisions. For each report: read the run's state;
/// if its epoch already has a decision, send that one again (idempotent per run and epoch); otherwise let the
/// engine decide (one batched call for the batch), store the new state with a compare-and-set, and only then
/// deliver and acknowledge. A lost compare-and-set means another worker wrote the run: re-read and repeat.
/// Failures are per report: a bad report goes to the dead letters, a failing one is given back unacknowledged.
/// The broker work is batched: a round's state reads (and its study bests) are all sent before any reply is
/// awaited, so are its state writes, then its decision publishes and acknowledgements; and
/// <see cref="BeginAsync"/> returns once the batch is decided, so the worker decides the next batch while this one
/// is written, published and acknowledged (<see cref="RunsInFlight"/> keeps one run's reports in order).
/// </summary>
internal sealed class ReportProcessor(IDecisionEngine engine, IRunStateStore store, EarlyStopMetrics metrics, TimeProvider time, ILogger logger)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Study, string Run), LearningCurve> completedCurves = new();
    private readonly RunsInFlight runsInFlight = new();

    /// <summary>How often a report is re-read and re-decided after losing a compare-and-set before it is given back.</summary>
    public const int MaxCommitAttempts = 16;

    /// <summary>Processes the batch and waits until every report of it is answered; never throws for a single report's failure.</summary>
    public async Task ProcessAsync(IReadOnlyList<ReportEnvelope> batch, CancellationToken cancellationToken)
    {
        var answered = await BeginAsync(batch, cancellationToken).ConfigureAwait(false);
        await answered.ConfigureAwait(false);
    }

    /// <summary>
    /// Decides the batch and starts storing and delivering it. Returns once every report of the batch is decided (or
    /// waits on an earlier report of its run still in flight), with the task that completes when every report is
    /// answered: stored, published and acknowledged, rejected, or given back. That task throws only
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires, leaving what it had not
    /// answered unacknowledged (redelivered later).
    /// </summary>
    public async Task<Task> BeginAsync(IReadOnlyList<ReportEnvelope> batch, CancellationToken cancellationToken)
    {
        metrics.Received(batch.Count);
        metrics.Batch(batch.Count);
        var answers = new List<Task>();
        var valid = new List<ReportEnvelope>(batch.Count);
        foreach (var envelope in batch)
        {
            var rejection = envelope.Report is null ? envelope.Rejection ?? "invalid report" : engine.Check(envelope.Report);
            if (rejection is not null)
            {
                answers.Add(RejectAsync(envelope, rejection, cancellationToken));
            }
            else
            {
                envelope.Admit(engine.Admit(envelope.Report!));
                valid.Add(envelope);
            }
        }

        // A run may appear several times in one batch (a trainer that does not wait for decisions): its reports
        // are decided in successive rounds, so each sees the one before it stored.
        var rounds = valid.GroupBy(e => e.Report!.RunKey, StringComparer.Ordinal)
            .SelectMany(g => g.Select((e, i) => (Round: i, Envelope: e)))
            .GroupBy(x => x.Round)
            .OrderBy(g => g.Key)
            .Select(g => g.Select(x => x.Envelope).ToList());
        foreach (var round in rounds)
        {
            // An earlier report of the same run (this batch's previous round, or a batch still in flight) is stored first.
            await runsInFlight.WhenFinishedAsync(round.Select(e => e.Report!.RunKey)).WaitAsync(cancellationToken).ConfigureAwait(false);
            var answered = await BeginRoundAsync(round, cancellationToken).ConfigureAwait(false);
            foreach (var envelope in round) runsInFlight.Add(envelope.Report!.RunKey, answered);
            answers.Add(answered);
        }
        return Task.WhenAll(answers);
    }

    /// <summary>Reads and decides the round (each run at most once); returns the task that stores and answers it.</summary>
    private async Task<Task> BeginRoundAsync(List<ReportEnvelope> round, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        // One read of each study's best per round, sent together with the runs' reads: one round trip for all.
        var studies = round.Select(e => e.Report!.Study).Distinct(StringComparer.Ordinal).ToList();
        var bestByStudy = new Dictionary<string, Task<double?>>(StringComparer.Ordinal);
        foreach (var study in studies) bestByStudy[study] = ReadBestAsync(study, cancellationToken);
        var runReads = round.Select(e => ReadRunAsync(e.Report!, cancellationToken)).ToArray();
        var completedByStudy = new Dictionary<string, IReadOnlyList<LearningCurve>>(StringComparer.Ordinal);
        if (engine.NeedsCompletedRuns)
        {
            foreach (var study in studies)
                completedByStudy[study] = await LoadCompletedAsync(study, cancellationToken).ConfigureAwait(false);
        }
        var loaded = new Loaded[round.Count];
        for (var i = 0; i < round.Count; i++)
            loaded[i] = await LoadAsync(round[i], runReads[i], bestByStudy[round[i].Report!.Study], completedByStudy.GetValueOrDefault(round[i].Report!.Study) ?? [], cancellationToken).ConfigureAwait(false);
        ObserveFaults(bestByStudy.Values); // a failed best fails only the reports that needed it (above)
        DecideIsolated(loaded.Where(l => l.Existing is null && l.Failure is null).ToList(), cancellationToken);
        return StoreAndAnswerAsync(loaded, started, cancellationToken);
    }

    /// <summary>Stores the round's new decisions (all writes sent at once), then publishes and acknowledges every report.</summary>
    private async Task StoreAndAnswerAsync(Loaded[] loaded, long started, CancellationToken cancellationToken)
    {
        await CommitAsync(loaded.Where(l => l.Existing is null && l.Failure is null && l.Rejection is null).ToList(), cancellationToken).ConfigureAwait(false);
        var answers = new Task[loaded.Length];
        for (var i = 0; i < loaded.Length; i++)
        {
            var item = loaded[i];
            answers[i] = item.Failure is not null ? FailAsync(item.Envelope, item.Failure, cancellationToken)
                : item.Rejection is not null ? RejectAsync(item.Envelope, item.Rejection, cancellationToken)
                : item.Existing is not null ? ReplayAsync(item, cancellationToken)
                : AnswerAsync(item.Envelope, item.Decision!, cancellationToken);
        }
        await Task.WhenAll(answers).ConfigureAwait(false);
        Log.BatchDecided(logger, loaded.Length, time.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// Writes each item's new state with a compare-and-set, all writes of a pass sent before any reply is awaited. The
    /// items that lost are re-read together: where the epoch was decided meanwhile, that stored decision stands; the
    /// rest are decided again (one batched call) and written in the next pass. Sets each item's final
    /// <see cref="Loaded.Decision"/>, or its <see cref="Loaded.Failure"/> or <see cref="Loaded.Rejection"/>.
    /// </summary>
    private async Task CommitAsync(List<Loaded> items, CancellationToken cancellationToken)
    {
        var pending = items;
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            foreach (var item in pending)
                if (item.Decision is null) item.Failure = new InvalidOperationException("the decision engine returned no decision");
            pending = pending.Where(i => i.Failure is null).ToList();
            var writes = pending.Select(i => WriteRunAsync(i, cancellationToken)).ToArray();
            var conflicts = new List<Loaded>();
            for (var i = 0; i < pending.Count; i++)
            {
                try
                {
                    if (!await writes[i].ConfigureAwait(false)) conflicts.Add(pending[i]);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    pending[i].Failure = ex;
                }
            }
            if (conflicts.Count == 0) return;
            foreach (var item in conflicts)
            {
                var report = item.Envelope.Report!;
                if (attempt >= MaxCommitAttempts)
                    item.Failure = new InvalidOperationException($"run {report.RunKey} kept changing under {MaxCommitAttempts} attempts to store epoch {report.Epoch}");
                else
                    Log.CommitConflict(logger, report.Study, report.RunId, report.Epoch, attempt);
            }
            pending = await RedecideAsync(conflicts.Where(i => i.Failure is null).ToList(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Re-reads the items that lost a compare-and-set; returns those that need another write (decided again).</summary>
    private async Task<List<Loaded>> RedecideAsync(List<Loaded> conflicts, CancellationToken cancellationToken)
    {
        var reads = conflicts.Select(i => ReadRunAsync(i.Envelope.Report!, cancellationToken)).ToArray();
        var bestByStudy = new Dictionary<string, Task<double?>>(StringComparer.Ordinal);
        foreach (var item in conflicts)
        {
            var study = item.Envelope.Report!.Study;
            if (!bestByStudy.ContainsKey(study)) bestByStudy[study] = ReadBestAsync(study, cancellationToken);
        }
        var again = new List<Loaded>();
        for (var i = 0; i < conflicts.Count; i++)
        {
            var item = conflicts[i];
            var report = item.Envelope.Report!;
            try
            {
                var (state, revision) = await reads[i].ConfigureAwait(false);
                item.State = state ?? RunState.Empty(report);
                item.Revision = revision;
                if (item.State.DecisionFor(report.Epoch) is { } stored)
                {
                    item.Decision = stored; // someone decided this epoch first: theirs stands
                    continue;
                }
                var best = await bestByStudy[report.Study].ConfigureAwait(false);
                var completed = engine.NeedsCompletedRuns ? await LoadCompletedAsync(report.Study, cancellationToken).ConfigureAwait(false) : [];
                item.Request = item.State.ToRequest(report, best) with { StudyCompleted = completed };
                item.Decision = null;
                again.Add(item);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                item.Failure = ex;
            }
        }
        ObserveFaults(bestByStudy.Values);
        DecideIsolated(again, cancellationToken);
        return again.Where(i => i.Failure is null && i.Rejection is null).ToList();
    }

    private sealed class Loaded(ReportEnvelope envelope, RunState state, ulong revision, CurveDecision? existing, DecisionRequest? request, Exception? failure)
    {
        public ReportEnvelope Envelope { get; } = envelope;
        public RunState State { get; set; } = state;
        public ulong Revision { get; set; } = revision;
        public CurveDecision? Existing { get; } = existing;
        public DecisionRequest? Request { get; set; } = request;
        public Exception? Failure { get; set; } = failure;
        public string? Rejection { get; set; }
        public CurveDecision? Decision { get; set; }
    }

    // Started, not awaited: every broker call of a pass is sent before any reply is awaited. Being async methods, they
    // turn a store that throws at once into a faulted task, which fails only its own report.
    private async Task<Versioned<RunState>> ReadRunAsync(CurveReport report, CancellationToken cancellationToken) =>
        await store.GetRunAsync(report.Study, report.RunId, cancellationToken).ConfigureAwait(false);

    private async Task<double?> ReadBestAsync(string study, CancellationToken cancellationToken) =>
        await store.GetStudyBestAsync(study, cancellationToken).ConfigureAwait(false);

    private async Task<bool> WriteRunAsync(Loaded item, CancellationToken cancellationToken) =>
        await store.TryPutRunAsync(item.State.With(item.Envelope.Report!, item.Decision!), item.Revision, cancellationToken).ConfigureAwait(false);

    /// <summary>Marks the faults of reads nobody awaited (every report of the study was a replay) as observed.</summary>
    private static void ObserveFaults(IEnumerable<Task> reads)
    {
        foreach (var read in reads)
            _ = read.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// The study's completed runs as curves (online calibration). A completed run never changes, so each is read from
    /// the store once per process; the list of ids is read every round, so replicas and restarts see the same runs.
    /// </summary>
    private async Task<IReadOnlyList<LearningCurve>> LoadCompletedAsync(string study, CancellationToken cancellationToken)
    {
        try
        {
            var ids = await store.GetStudyCompletedAsync(study, cancellationToken).ConfigureAwait(false);
            var curves = new List<LearningCurve>(ids.Count);
            foreach (var id in ids)
            {
                if (!completedCurves.TryGetValue((study, id), out var curve))
                {
                    var (state, _) = await store.GetRunAsync(study, id, cancellationToken).ConfigureAwait(false);
                    if (state is null || state.Epochs.Length == 0 || state.Epochs[^1] != state.Horizon) continue;
                    curve = new LearningCurve(id, study, state.Horizon, state.Epochs, state.Values)
                    {
                        Schedule = state.Schedule is { } text ? ScheduleText.Resolve(text, allowFiles: false) : null,
                    };
                    completedCurves[(study, id)] = curve;
                }
                curves.Add(curve);
            }
            return curves;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Without the completed runs the decision reads the forecast uncalibrated by this study, which is safe.
            Log.CompletedRunsUnavailable(logger, study, ex.Message);
            return [];
        }
    }

    private static async Task<Loaded> LoadAsync(ReportEnvelope envelope, Task<Versioned<RunState>> read, Task<double?> studyBest, IReadOnlyList<LearningCurve> completed, CancellationToken cancellationToken)
    {
        var report = envelope.Report!;
        try
        {
            var (state, revision) = await read.ConfigureAwait(false);
            state ??= RunState.Empty(report);
            var existing = state.DecisionFor(report.Epoch);
            if (existing is not null) return new Loaded(envelope, state, revision, existing, null, null);
            var best = await studyBest.ConfigureAwait(false);
            return new Loaded(envelope, state, revision, null, state.ToRequest(report, best) with { StudyCompleted = completed }, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new Loaded(envelope, RunState.Empty(report), 0, null, null, ex);
        }
    }

    /// <summary>One engine call for all; if it fails, one call per request so a bad request cannot sink the batch.</summary>
    private void DecideIsolated(List<Loaded> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0) return;
        if (items.Count > 1)
        {
            try
            {
                var decisions = engine.Decide(items.Select(i => i.Request!).ToList(), cancellationToken);
                if (decisions.Count != items.Count)
                    throw new InvalidOperationException($"the decision engine returned {decisions.Count} decisions for {items.Count} requests");
                for (var i = 0; i < items.Count; i++) items[i].Decision = decisions[i];
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.BatchFailed(logger, ex, items.Count);
            }
        }
        foreach (var item in items)
        {
            try
            {
                item.Decision = engine.Decide([item.Request!], cancellationToken)[0];
            }
            catch (InvalidInputException ex)
            {
                item.Rejection = ex.Message;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                item.Failure = ex;
            }
        }
    }

    /// <summary>Publishes and acknowledges a stored decision; gives the report back if that fails.</summary>
    private async Task AnswerAsync(ReportEnvelope envelope, CurveDecision decision, CancellationToken cancellationToken)
    {
        try
        {
            await FinishAsync(envelope, decision, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await FailAsync(envelope, ex, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReplayAsync(Loaded item, CancellationToken cancellationToken)
    {
        var report = item.Envelope.Report!;
        Log.DecisionReplayed(logger, report.Study, report.RunId, report.Epoch);
        try
        {
            await FinishAsync(item.Envelope, item.Existing!, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await FailAsync(item.Envelope, ex, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The decision is stored: update the study best if the run finished, deliver, acknowledge.</summary>
    private async Task FinishAsync(ReportEnvelope envelope, CurveDecision decision, CancellationToken cancellationToken)
    {
        var report = envelope.Report!;
        if (report.Epoch == report.Horizon)
        {
            await store.OfferStudyBestAsync(report.Study, report.Value, report.Direction, cancellationToken).ConfigureAwait(false);
            if (engine.NeedsCompletedRuns)
                await store.AddStudyCompletedAsync(report.Study, report.RunId, cancellationToken).ConfigureAwait(false);
        }
        await envelope.CompleteAsync(decision, cancellationToken).ConfigureAwait(false);
        metrics.Decided(decision.Stop, time.GetElapsedTime(envelope.ReceivedTimestamp).TotalMilliseconds);
        if (decision.Stop)
            Log.RunStopped(logger, decision.Study, decision.RunId, decision.Epoch, decision.Reason, decision.ProbabilityOfImprovement, decision.StudyBest);
        else
            Log.RunContinues(logger, decision.Study, decision.RunId, decision.Epoch, decision.Reason);
    }

    private async Task RejectAsync(ReportEnvelope envelope, string reason, CancellationToken cancellationToken)
    {
        Log.ReportRejected(logger, envelope.Source, reason);
        metrics.Rejected();
        try
        {
            await envelope.RejectAsync(reason, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.AnswerFailed(logger, ex, envelope.Source);
        }
    }

    private async Task FailAsync(ReportEnvelope envelope, Exception exception, CancellationToken cancellationToken)
    {
        var report = envelope.Report!;
        Log.ReportFailed(logger, exception, report.Study, report.RunId, report.Epoch);
        try
        {
            await envelope.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.AnswerFailed(logger, ex, envelope.Source);
        }
        _ = cancellationToken;
    }
}
