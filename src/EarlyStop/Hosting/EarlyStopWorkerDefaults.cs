namespace LcPfn.EarlyStop.Hosting;

/// <summary>The defaults of <see cref="EarlyStopWorkerOptions"/>, named once.</summary>
public static class EarlyStopWorkerDefaults
{
    /// <summary>The configuration section the options bind from: <c>LcPfn:EarlyStop</c>.</summary>
    public const string ConfigurationSection = "LcPfn:EarlyStop";

    /// <summary>Reports the worker's queue holds before writers wait: 1024.</summary>
    public const int QueueCapacity = 1024;

    /// <summary>Reports per micro-batch at most: 256.</summary>
    public const int MaxBatchSize = 256;

    /// <summary>Micro-batches decided and still being stored, published and acknowledged at most: 4.</summary>
    public const int MaxBatchesInFlight = 4;

    /// <summary>How long a batch waits to fill after its first report: 2 ms.</summary>
    public const string MaxBatchDelay = "00:00:00.002";

    /// <summary>The NATS server: <c>nats://127.0.0.1:4222</c>.</summary>
    public const string NatsUrl = "nats://127.0.0.1:4222";

    /// <summary>The subject prefix: <c>lcpfn</c> (reports on <c>lcpfn.reports.&lt;study&gt;.&lt;run&gt;</c>).</summary>
    public const string SubjectPrefix = "lcpfn";

    /// <summary>The JetStream stream of reports: <c>LCPFN_REPORTS</c>.</summary>
    public const string ReportStream = "LCPFN_REPORTS";

    /// <summary>The JetStream stream of decisions: <c>LCPFN_DECISIONS</c>.</summary>
    public const string DecisionStream = "LCPFN_DECISIONS";

    /// <summary>The JetStream stream of rejected reports: <c>LCPFN_DEADLETTER</c>.</summary>
    public const string DeadLetterStream = "LCPFN_DEADLETTER";

    /// <summary>The durable pull consumer every replica shares: <c>lcpfn-workers</c>.</summary>
    public const string ConsumerName = "lcpfn-workers";

    /// <summary>The key-value bucket of run states and study bests: <c>lcpfn_state</c>.</summary>
    public const string StateBucket = "lcpfn_state";

    /// <summary>How long JetStream waits for an acknowledgement before redelivering: 30 s.</summary>
    public const string AckWait = "00:00:30";

    /// <summary>Deliveries of one report before JetStream stops redelivering it and the worker dead-letters it: 10.</summary>
    public const int MaxDeliver = 10;

    /// <summary>The largest report taken, in bytes of JSON: 64 KiB; a larger one goes to the dead letters.</summary>
    public const int MaxReportBytes = 64 * 1024;

    /// <summary>Characters of the original payload a dead letter keeps: 16,384 (cut and flagged beyond).</summary>
    public const int MaxDeadLetterPayloadChars = 16 * 1024;

    /// <summary>Characters of the reason a dead letter keeps: 2,000 (200 in its <c>Lcpfn-Reason</c> header).</summary>
    public const int MaxDeadLetterReasonChars = 2000;

    /// <summary>Unacknowledged reports per consumer (over all replicas): 4096.</summary>
    public const int MaxAckPending = 4096;

    /// <summary>How long decisions stay in their stream: 1 day.</summary>
    public const string DecisionRetention = "1.00:00:00";
}
