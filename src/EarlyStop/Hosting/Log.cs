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
    public static partial void RunStopped(ILogger logger, string study, string runId, int epoch, string reason, double? probabilityOfImprovement, double? studyBest);

    [LoggerMessage(EventId = 201, Level = LogLevel.Debug, Message = "Continue run {Study}/{RunId} at epoch {Epoch}: {Reason}")]
    public static partial void RunContinues(ILogger logger, string study, string runId, int epoch, string reason);

    [LoggerMessage(EventId = 202, Level = LogLevel.Debug, Message = "Report {Study}/{RunId} epoch {Epoch} was already decided (redelivery or retry); sending the stored decision again")]
    public static partial void DecisionReplayed(ILogger logger, string study, string runId, int epoch);

    [LoggerMessage(EventId = 203, Level = LogLevel.Debug, Message = "Run {Study}/{RunId} was written by another worker while deciding epoch {Epoch}; re-reading (attempt {Attempt})")]
    public static partial void CommitConflict(ILogger logger, string study, string runId, int epoch, int attempt);

    [LoggerMessage(EventId = 204, Level = LogLevel.Debug, Message = "Decided a batch of {Count} report(s) in {ElapsedMs} ms")]
    public static partial void BatchDecided(ILogger logger, int count, double elapsedMs);

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Rejected report from {Source} to the dead letters: {Reason}")]
    public static partial void ReportRejected(ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Connected to NATS {Url}: stream {Stream}, durable consumer {Consumer}, key-value bucket {Bucket}")]
    public static partial void NatsConnected(ILogger logger, string url, string stream, string consumer, string bucket);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "NATS intake interrupted; retrying in {DelayMs} ms")]
    public static partial void NatsIntakeRetry(ILogger logger, Exception exception, double delayMs);

    [LoggerMessage(EventId = 500, Level = LogLevel.Error, Message = "Deciding report {Study}/{RunId} epoch {Epoch} failed; it is given back for redelivery")]
    public static partial void ReportFailed(ILogger logger, Exception exception, string study, string runId, int epoch);

    [LoggerMessage(EventId = 501, Level = LogLevel.Error, Message = "A batch of {Count} report(s) failed as a whole; deciding them one by one")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 502, Level = LogLevel.Error, Message = "Answering a report from {Source} failed")]
    public static partial void AnswerFailed(ILogger logger, Exception exception, string source);

    [LoggerMessage(EventId = 503, Level = LogLevel.Warning, Message = "Reading the completed runs of study {Study} for online calibration failed ({Error}); deciding with the forecasts uncalibrated by the study")]
    public static partial void CompletedRunsUnavailable(ILogger logger, string study, string error);
}
