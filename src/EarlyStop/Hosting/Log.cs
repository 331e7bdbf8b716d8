using Microsoft.Extensions.Logging;

namespace LcPfn.EarlyStop.Hosting;

/// <summary>
/// Every log line of the hosted worker, with stable numbered event ids (1xx lifecycle, 2xx decisions,
/// 3xx rejected input, 4xx transport, 5xx failures).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Early-stopping worker starting: transport {Transport}, batches of up to {MaxBatchSize} within {MaxBatchDelayMs} ms, queue capacity {QueueCapacity}")]
    public static partial void WorkerStarting(ILogger logger, string transport, int maxBatchSize, double maxBatchDelayMs, int queueCapacity);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Early-stopping worker stopping: no new reports are taken; draining {Queued} queued report(s)")]
    public static partial void WorkerStopping(ILogger logger, int queued);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Early-stopping worker stopped after {Decisions} decision(s); {Released} undecided report(s) given back unacknowledged")]
    public static partial void WorkerStopped(ILogger logger, long decisions, int released);

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Stop run {Study}/{RunId} at epoch {Epoch}: {Reason} (p_improve {ProbabilityOfImprovement}, study best {StudyBest})")]
    private static partial void RunStoppedCore(ILogger logger, string study, string runId, int epoch, string reason, double? probabilityOfImprovement, double? studyBest);

    [LoggerMessage(EventId = 201, Level = LogLevel.Debug, Message = "Continue run {Study}/{RunId} at epoch {Epoch}: {Reason}")]
    private static partial void RunContinuesCore(ILogger logger, string study, string runId, int epoch, string reason);

    [LoggerMessage(EventId = 202, Level = LogLevel.Debug, Message = "Report {Study}/{RunId} epoch {Epoch} was already decided (redelivery or retry); sending the stored decision again")]
    private static partial void DecisionReplayedCore(ILogger logger, string study, string runId, int epoch);

    [LoggerMessage(EventId = 203, Level = LogLevel.Debug, Message = "Run {Study}/{RunId} was written by another worker while deciding epoch {Epoch}; re-reading (attempt {Attempt})")]
    private static partial void CommitConflictCore(ILogger logger, string study, string runId, int epoch, int attempt);

    [LoggerMessage(EventId = 204, Level = LogLevel.Debug, Message = "Decided a batch of {Count} report(s) in {ElapsedMs} ms")]
    public static partial void BatchDecided(ILogger logger, int count, double elapsedMs);

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Rejected report from {Source} to the dead letters: {Reason}")]
    private static partial void ReportRejectedCore(ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Connected to NATS {Url}: stream {Stream}, durable consumer {Consumer}, key-value bucket {Bucket}")]
    public static partial void NatsConnected(ILogger logger, string url, string stream, string consumer, string bucket);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "NATS intake interrupted; retrying in {DelayMs} ms")]
    public static partial void NatsIntakeRetry(ILogger logger, Exception exception, double delayMs);

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "Disconnected from NATS {Url} ({Reason}); reconnecting, reports wait on the server")]
    public static partial void NatsDisconnected(ILogger logger, string url, string reason);

    [LoggerMessage(EventId = 403, Level = LogLevel.Information, Message = "Reconnected to NATS {Url} after {Seconds} s")]
    public static partial void NatsReconnected(ILogger logger, string url, double seconds);

    [LoggerMessage(EventId = 500, Level = LogLevel.Error, Message = "Deciding report {Study}/{RunId} epoch {Epoch} failed; it is given back for redelivery")]
    private static partial void ReportFailedCore(ILogger logger, Exception exception, string study, string runId, int epoch);

    [LoggerMessage(EventId = 501, Level = LogLevel.Error, Message = "A batch of {Count} report(s) failed as a whole; deciding them one by one")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 502, Level = LogLevel.Error, Message = "Answering a report from {Source} failed")]
    private static partial void AnswerFailedCore(ILogger logger, Exception exception, string source);

    [LoggerMessage(EventId = 503, Level = LogLevel.Warning, Message = "Reading the completed runs of study {Study} for online calibration failed ({Error}); deciding with the forecasts uncalibrated by the study")]
    private static partial void CompletedRunsUnavailableCore(ILogger logger, string study, string error);

    /// <summary>Logs event RunStopped; study, runId, reason quoted and bounded by <see cref="LogText.Quote"/>.</summary>
    public static void RunStopped(ILogger logger, string study, string runId, int epoch, string reason, double? probabilityOfImprovement, double? studyBest) =>
        RunStoppedCore(logger, LogText.Quote(study), LogText.Quote(runId), epoch, LogText.Quote(reason), probabilityOfImprovement, studyBest);

    /// <summary>Logs event RunContinues; study, runId, reason quoted and bounded by <see cref="LogText.Quote"/>.</summary>
    public static void RunContinues(ILogger logger, string study, string runId, int epoch, string reason)
    {
        if (logger.IsEnabled(LogLevel.Debug))
            RunContinuesCore(logger, LogText.Quote(study), LogText.Quote(runId), epoch, LogText.Quote(reason));
    }

    /// <summary>Logs event DecisionReplayed; study, runId quoted and bounded by <see cref="LogText.Quote"/>.</summary>
    public static void DecisionReplayed(ILogger logger, string study, string runId, int epoch)
    {
        if (logger.IsEnabled(LogLevel.Debug))
            DecisionReplayedCore(logger, LogText.Quote(study), LogText.Quote(runId), epoch);
    }

    /// <summary>Logs event CommitConflict; study, runId quoted and bounded by <see cref="LogText.Quote"/>.</summary>
    public static void CommitConflict(ILogger logger, string study, string runId, int epoch, int attempt)
    {
        if (logger.IsEnabled(LogLevel.Debug))
            CommitConflictCore(logger, LogText.Quote(study), LogText.Quote(runId), epoch, attempt);
    }

    /// <summary>Logs event ReportRejected; source, reason quoted and bounded by <see cref="LogText.Quote"/>.</summary>
    public static void ReportRejected(ILogger logger, string source, string reason) =>
        ReportRejectedCore(logger, LogText.Quote(source), LogText.Quote(reason));

    /// <summary>Logs event ReportFailed; study, runId quoted and bounded by <see cref="LogText.Quote"/>.</summary>
    public static void ReportFailed(ILogger logger, Exception exception, string study, string runId, int epoch) =>
        ReportFailedCore(logger, exception, LogText.Quote(study), LogText.Quote(runId), epoch);

    /// <summary>Logs event AnswerFailed; source quoted and bounded by <see cref="LogText.Quote"/>.</summary>
    public static void AnswerFailed(ILogger logger, Exception exception, string source) =>
        AnswerFailedCore(logger, exception, LogText.Quote(source));

    /// <summary>Logs event CompletedRunsUnavailable; study, error quoted and bounded by <see cref="LogText.Quote"/>.</summary>
    public static void CompletedRunsUnavailable(ILogger logger, string study, string error) =>
        CompletedRunsUnavailableCore(logger, LogText.Quote(study), LogText.Quote(error));
}
