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
/// </summary>
internal sealed class ReportProcessor(IDecisionEngine engine, IRunStateStore store, EarlyStopMetrics metrics, TimeProvider time, ILogger logger)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Study, string Run), LearningCurve> completedCurves = new();

    /// <summary>How often a report is re-read and re-decided after losing a compare-and-set before it is given back.</summary>
    public const int MaxCommitAttempts = 16;

    /// <summary>Processes the batch; never throws for a single report's failure.</summary>
    public async Task ProcessAsync(IReadOnlyList<ReportEnvelope> batch, CancellationToken cancellationToken)
    {
        metrics.Received(batch.Count);
        metrics.Batch(batch.Count);
        var valid = new List<ReportEnvelope>(batch.Count);
        foreach (var envelope in batch)
        {
            var rejection = envelope.Report is null ? envelope.Rejection ?? "invalid report" : engine.Check(envelope.Report);
            if (rejection is not null)
            {
                await RejectAsync(envelope, rejection, cancellationToken).ConfigureAwait(false);
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
            await ProcessRoundAsync(round, cancellationToken).ConfigureAwait(false);
    }

    private async Task ProcessRoundAsync(List<ReportEnvelope> round, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        // One read of each study's best per round, not one per report.
        var studies = round.Select(e => e.Report!.Study).Distinct(StringComparer.Ordinal).ToList();
        var bests = await Task.WhenAll(studies.Select(s => ReadBestAsync(s, cancellationToken))).ConfigureAwait(false);
        var bestByStudy = new Dictionary<string, Task<double?>>(StringComparer.Ordinal);
        for (var i = 0; i < studies.Count; i++) bestByStudy[studies[i]] = bests[i];
        var completedByStudy = new Dictionary<string, IReadOnlyList<LearningCurve>>(StringComparer.Ordinal);
        if (engine.NeedsCompletedRuns)
        {
            foreach (var study in studies)
                completedByStudy[study] = await LoadCompletedAsync(study, cancellationToken).ConfigureAwait(false);
        }
        var loaded = await Task.WhenAll(round.Select(e => LoadAsync(e, bestByStudy[e.Report!.Study], completedByStudy.GetValueOrDefault(e.Report!.Study) ?? [], cancellationToken))).ConfigureAwait(false);
        DecideIsolated(loaded.Where(l => l.Existing is null && l.Failure is null).ToList(), cancellationToken);

        var tasks = new List<Task>(loaded.Length);
        foreach (var item in loaded)
        {
            if (item.Failure is not null)
                tasks.Add(FailAsync(item.Envelope, item.Failure, cancellationToken));
            else if (item.Rejection is not null)
                tasks.Add(RejectAsync(item.Envelope, item.Rejection, cancellationToken));
            else if (item.Existing is not null)
                tasks.Add(ReplayAsync(item, cancellationToken));
            else
                tasks.Add(CommitAndDeliverAsync(item, item.Decision, cancellationToken));
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
        Log.BatchDecided(logger, round.Count, time.GetElapsedTime(started).TotalMilliseconds);
    }

    private sealed class Loaded(ReportEnvelope envelope, RunState state, ulong revision, CurveDecision? existing, DecisionRequest? request, Exception? failure)
    {
        public ReportEnvelope Envelope { get; } = envelope;
        public RunState State { get; } = state;
        public ulong Revision { get; } = revision;
        public CurveDecision? Existing { get; } = existing;
        public DecisionRequest? Request { get; } = request;
        public Exception? Failure { get; set; } = failure;
        public string? Rejection { get; set; }
        public CurveDecision? Decision { get; set; }
    }

    /// <summary>The study's best, or a faulted task that fails only the reports that need it.</summary>
    private async Task<Task<double?>> ReadBestAsync(string study, CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult(await store.GetStudyBestAsync(study, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Task.FromException<double?>(ex);
        }
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

    private async Task<Loaded> LoadAsync(ReportEnvelope envelope, Task<double?> studyBest, IReadOnlyList<LearningCurve> completed, CancellationToken cancellationToken)
    {
        var report = envelope.Report!;
        try
        {
            var (state, revision) = await store.GetRunAsync(report.Study, report.RunId, cancellationToken).ConfigureAwait(false);
            state ??= RunState.Empty(report);
            var existing = state.DecisionFor(report.Epoch);
            if (existing is not null) return new Loaded(envelope, state, revision, existing, null, null);
            var best = await studyBest.ConfigureAwait(false);
            return new Loaded(envelope, state, revision, null, state.ToRequest(report, best) with { StudyCompleted = completed }, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
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

    private async Task CommitAndDeliverAsync(Loaded item, CurveDecision? decision, CancellationToken cancellationToken)
    {
        var envelope = item.Envelope;
        var report = envelope.Report!;
        try
        {
            var (state, revision) = (item.State, item.Revision);
            for (var attempt = 1; ; attempt++)
            {
                if (decision is null) throw new InvalidOperationException("the decision engine returned no decision");
                if (await store.TryPutRunAsync(state.With(report, decision), revision, cancellationToken).ConfigureAwait(false))
                    break;
                if (attempt >= MaxCommitAttempts)
                    throw new InvalidOperationException($"run {report.RunKey} kept changing under {MaxCommitAttempts} attempts to store epoch {report.Epoch}");
                Log.CommitConflict(logger, report.Study, report.RunId, report.Epoch, attempt);
                var reread = await store.GetRunAsync(report.Study, report.RunId, cancellationToken).ConfigureAwait(false);
                (state, revision) = (reread.Value ?? RunState.Empty(report), reread.Revision);
                var stored = state.DecisionFor(report.Epoch);
                if (stored is not null)
                {
                    decision = stored; // someone decided this epoch first: theirs stands
                    break;
                }
                var best = await store.GetStudyBestAsync(report.Study, cancellationToken).ConfigureAwait(false);
                var completed = engine.NeedsCompletedRuns ? await LoadCompletedAsync(report.Study, cancellationToken).ConfigureAwait(false) : [];
                decision = engine.Decide([state.ToRequest(report, best) with { StudyCompleted = completed }], cancellationToken)[0];
            }
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
