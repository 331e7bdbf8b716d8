using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LcPfn.EarlyStop.Hosting;

/// <summary>
/// The hosted early-stopping worker: a thin adapter that reads micro-batches of reports from the queue, lets
/// <see cref="ReportProcessor"/> (and through it the <see cref="IDecisionEngine"/>) decide them, and survives
/// per-report failures. On stop it takes no new reports, drains the queue, and gives back unacknowledged
/// whatever it could not decide before the host's shutdown timeout.
/// </summary>
internal sealed class EarlyStopWorker : BackgroundService
{
    private readonly IReportTransport _transport;
    private readonly ReportQueue _queue;
    private readonly ReportProcessor _processor;
    private readonly EarlyStopMetrics _metrics;
    private readonly EarlyStopWorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<EarlyStopWorker> _logger;
    private readonly CancellationTokenSource _abort = new();

    public EarlyStopWorker(
        IReportTransport transport,
        ReportQueue queue,
        IDecisionEngine engine,
        EarlyStopMetrics metrics,
        IOptions<EarlyStopWorkerOptions> options,
        TimeProvider time,
        ILogger<EarlyStopWorker> logger)
    {
        _transport = transport;
        _queue = queue;
        _metrics = metrics;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _processor = new ReportProcessor(engine, new LazyStore(transport), metrics, time, logger);
    }

    /// <summary>Running, stopped or faulted, for the health check.</summary>
    public WorkerState State { get; private set; } = WorkerState.NotStarted;

    /// <summary>Connects the transport (fails the host start on a bad broker), then starts the loop.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        Log.WorkerStarting(_logger, _transport.Name, _options.MaxBatchSize, _options.MaxBatchDelay.TotalMilliseconds, _queue.Capacity);
        await _transport.StartAsync(cancellationToken).ConfigureAwait(false);
        State = WorkerState.Running;
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops intake, then waits for the drain; when <paramref name="cancellationToken"/> fires (shutdown timeout) undecided reports are given back.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(() => _abort.Cancel());
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Intake stops at the stop signal; only then is the queue completed, so the loop below drains it.
        var intake = RunIntakeAsync(stoppingToken);
        var released = 0;
        // Batches decided but not yet stored, published and acknowledged: the next batch is decided meanwhile.
        var inFlight = new List<Task>(_options.MaxBatchesInFlight);
        try
        {
            while (true)
            {
                var batch = await ReportBatcher.ReadBatchAsync(_queue.Reader, _options.MaxBatchSize, _options.MaxBatchDelay, _time, _abort.Token).ConfigureAwait(false);
                if (batch is null) break;
                inFlight.Add(await _processor.BeginAsync(batch, _abort.Token).ConfigureAwait(false));
                inFlight.RemoveAll(t => t.IsCompleted && ObserveTail(t));
                if (inFlight.Count >= _options.MaxBatchesInFlight)
                    ObserveTail(await Task.WhenAny(inFlight).ConfigureAwait(false));
            }
            await Task.WhenAll(inFlight).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // Shutdown timeout: whatever is still queued goes back undecided (below); what was in flight and not
            // acknowledged is redelivered after AckWait.
        }
        catch (Exception)
        {
            State = WorkerState.Faulted;
            throw;
        }
        finally
        {
            await Task.WhenAll(inFlight).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var envelope))
            {
                await envelope.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
                released++;
            }
        }
        await intake.ConfigureAwait(false);
        if (State != WorkerState.Faulted) State = WorkerState.Stopped;
        Log.WorkerStopped(_logger, _metrics.DecisionCount, released);
    }

    private async Task RunIntakeAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _transport.RunIntakeAsync(_queue.Writer, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            Log.WorkerStopping(_logger, _queue.Count);
            _queue.Writer.TryComplete();
        }
    }

    /// <summary>A finished batch's task: rethrows what is not a cancellation (a bug: the processor answers per report); true.</summary>
    private static bool ObserveTail(Task tail)
    {
        if (tail.IsFaulted) tail.GetAwaiter().GetResult();
        return true;
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    /// <summary>The transport's store is only available once the transport started.</summary>
    private sealed class LazyStore(IReportTransport transport) : IRunStateStore
    {
        public ValueTask<Versioned<RunState>> GetRunAsync(string study, string runId, CancellationToken cancellationToken) =>
            transport.Store.GetRunAsync(study, runId, cancellationToken);

        public ValueTask<bool> TryPutRunAsync(RunState state, ulong expectedRevision, CancellationToken cancellationToken) =>
            transport.Store.TryPutRunAsync(state, expectedRevision, cancellationToken);

        public ValueTask<double?> GetStudyBestAsync(string study, CancellationToken cancellationToken) =>
            transport.Store.GetStudyBestAsync(study, cancellationToken);

        public ValueTask OfferStudyBestAsync(string study, double finalValue, MetricDirection direction, CancellationToken cancellationToken) =>
            transport.Store.OfferStudyBestAsync(study, finalValue, direction, cancellationToken);

        public ValueTask<IReadOnlyList<string>> GetStudyCompletedAsync(string study, CancellationToken cancellationToken) =>
            transport.Store.GetStudyCompletedAsync(study, cancellationToken);

        public ValueTask AddStudyCompletedAsync(string study, string runId, CancellationToken cancellationToken) =>
            transport.Store.AddStudyCompletedAsync(study, runId, cancellationToken);
    }
}

/// <summary>The worker's life cycle, as the health check sees it.</summary>
internal enum WorkerState
{
    NotStarted,
    Running,
    Stopped,
    Faulted,
}
