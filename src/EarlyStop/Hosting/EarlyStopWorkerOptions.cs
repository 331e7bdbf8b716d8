using System.ComponentModel.DataAnnotations;
using LcPfn.Prior;
using LcPfn.Prior.Schedules;

namespace LcPfn.EarlyStop.Hosting;

/// <summary>
/// Options of the hosted early-stopping worker, bound from <see cref="EarlyStopWorkerDefaults.ConfigurationSection"/>
/// and validated when the host starts (<see cref="EarlyStopWorkerOptionsValidator"/>): every problem is reported
/// at once, naming the property, the allowed range and the value.
/// </summary>
public sealed record EarlyStopWorkerOptions : IValidatableObject
{
    /// <summary>Where reports come from. <value>The default is <see cref="EarlyStopTransportKind.InProc"/>.</value></summary>
    public EarlyStopTransportKind Transport { get; init; } = EarlyStopTransportKind.InProc;

    /// <summary>Reports the worker's queue holds; when full, producers wait (back-pressure). <value>The default is 1024; range [1, 1,000,000].</value></summary>
    public int QueueCapacity { get; init; } = EarlyStopWorkerDefaults.QueueCapacity;

    /// <summary>Reports per micro-batch (one batched extrapolation) at most. <value>The default is 256; range [1, 8192].</value></summary>
    public int MaxBatchSize { get; init; } = EarlyStopWorkerDefaults.MaxBatchSize;

    /// <summary>How long a batch waits to fill after its first report. <value>The default is 2 ms; range [0, 1 s].</value></summary>
    public TimeSpan MaxBatchDelay { get; init; } = TimeSpan.Parse(EarlyStopWorkerDefaults.MaxBatchDelay, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Micro-batches decided but not yet stored, published and acknowledged at most: the worker decides the next batch
    /// while the broker answers the last ones (pipelining). 1 finishes each batch before reading the next.
    /// <value>The default is 4; range [1, 64].</value>
    /// </summary>
    public int MaxBatchesInFlight { get; init; } = EarlyStopWorkerDefaults.MaxBatchesInFlight;

    /// <summary>The NATS server URL (transport <c>nats</c>). <value>The default is <c>nats://127.0.0.1:4222</c>.</value></summary>
    public string NatsUrl { get; init; } = EarlyStopWorkerDefaults.NatsUrl;

    /// <summary>First token of every subject. <value>The default is <c>lcpfn</c>.</value></summary>
    public string SubjectPrefix { get; init; } = EarlyStopWorkerDefaults.SubjectPrefix;

    /// <summary>The stream of reports. <value>The default is <c>LCPFN_REPORTS</c>.</value></summary>
    public string ReportStream { get; init; } = EarlyStopWorkerDefaults.ReportStream;

    /// <summary>The stream of decisions. <value>The default is <c>LCPFN_DECISIONS</c>.</value></summary>
    public string DecisionStream { get; init; } = EarlyStopWorkerDefaults.DecisionStream;

    /// <summary>The stream of rejected reports. <value>The default is <c>LCPFN_DEADLETTER</c>.</value></summary>
    public string DeadLetterStream { get; init; } = EarlyStopWorkerDefaults.DeadLetterStream;

    /// <summary>The durable pull consumer shared by every replica. <value>The default is <c>lcpfn-workers</c>.</value></summary>
    public string ConsumerName { get; init; } = EarlyStopWorkerDefaults.ConsumerName;

    /// <summary>The key-value bucket of run states and study bests. <value>The default is <c>lcpfn_state</c>.</value></summary>
    public string StateBucket { get; init; } = EarlyStopWorkerDefaults.StateBucket;

    /// <summary>How long JetStream waits for an acknowledgement before redelivering a report. <value>The default is 30 s; range [1 s, 1 h].</value></summary>
    public TimeSpan AckWait { get; init; } = TimeSpan.Parse(EarlyStopWorkerDefaults.AckWait, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Deliveries of one report (the first included) before it is given up: on that delivery a report that cannot be
    /// decided goes to the dead letters instead of back to the stream, and JetStream never delivers it again.
    /// <value>The default is 10; range [2, 1000].</value>
    /// </summary>
    public int MaxDeliver { get; init; } = EarlyStopWorkerDefaults.MaxDeliver;

    /// <summary>Unacknowledged reports the consumer allows, over all replicas; at least <see cref="MaxBatchSize"/>. <value>The default is 4096; range [1, 1,000,000].</value></summary>
    public int MaxAckPending { get; init; } = EarlyStopWorkerDefaults.MaxAckPending;

    /// <summary>How long decisions stay in their stream. <value>The default is 1 day; range [1 s, 365 days].</value></summary>
    public TimeSpan DecisionRetention { get; init; } = TimeSpan.Parse(EarlyStopWorkerDefaults.DecisionRetention, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether each study's completed runs calibrate its later decisions (online calibration). The completed runs' ids
    /// are kept in the state store, so replicas and restarts calibrate alike.
    /// </summary>
    /// <value>The default is false (raw forecasts, or the offline map the extrapolator was wrapped with).</value>
    public bool OnlineCalibration { get; init; }

    /// <summary>
    /// The learning-rate schedule (text syntax of docs/data-formats.md, e.g. <c>cosine</c>) of runs whose reports carry
    /// none; a report's own <c>schedule</c> wins.
    /// </summary>
    /// <value>The default is null (unknown).</value>
    public string? Schedule { get; init; }

    /// <summary>Checks every property together (called by the source-generated validator).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var problems = new List<ValidationResult>();
        if (Schedule is not null)
        {
            try
            {
                ScheduleText.Resolve(Schedule, allowFiles: false);
            }
            catch (InvalidInputException ex)
            {
                problems.Add(new ValidationResult($"Property Schedule: {ex.Message}"));
            }
        }
        void Range<T>(string name, T value, T min, T max) where T : IComparable<T>
        {
            if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
                problems.Add(new ValidationResult($"Property {name}: must be in [{min}, {max}]; was {value}"));
        }
        void Name(string name, string? value, string allowed, Func<char, bool> ok)
        {
            if (string.IsNullOrEmpty(value) || !value.All(ok))
                problems.Add(new ValidationResult($"Property {name}: must be a non-empty name of {allowed}; was '{value}'"));
        }
        static bool Token(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

        if (!Enum.IsDefined(Transport))
            problems.Add(new ValidationResult($"Property Transport: must be InProc or Nats; was {(int)Transport}"));
        Range(nameof(QueueCapacity), QueueCapacity, 1, 1_000_000);
        Range(nameof(MaxBatchSize), MaxBatchSize, 1, 8192);
        Range(nameof(MaxBatchesInFlight), MaxBatchesInFlight, 1, 64);
        Range(nameof(MaxBatchDelay), MaxBatchDelay, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        if (!Uri.TryCreate(NatsUrl, UriKind.Absolute, out var url) || url.Scheme is not ("nats" or "tls" or "ws" or "wss"))
            problems.Add(new ValidationResult($"Property NatsUrl: must be an absolute nats://host:port URL; was '{NatsUrl}'"));
        Name(nameof(SubjectPrefix), SubjectPrefix, "letters, digits, '_' and '-'", Token);
        Name(nameof(ReportStream), ReportStream, "letters, digits, '_' and '-'", Token);
        Name(nameof(DecisionStream), DecisionStream, "letters, digits, '_' and '-'", Token);
        Name(nameof(DeadLetterStream), DeadLetterStream, "letters, digits, '_' and '-'", Token);
        Name(nameof(ConsumerName), ConsumerName, "letters, digits, '_' and '-'", Token);
        Name(nameof(StateBucket), StateBucket, "letters, digits, '_' and '-'", Token);
        Range(nameof(AckWait), AckWait, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Range(nameof(MaxAckPending), MaxAckPending, 1, 1_000_000);
        Range(nameof(MaxDeliver), MaxDeliver, 2, 1000);
        if (MaxAckPending < MaxBatchSize)
            problems.Add(new ValidationResult($"Property MaxAckPending: must be at least MaxBatchSize ({MaxBatchSize}); was {MaxAckPending}"));
        Range(nameof(DecisionRetention), DecisionRetention, TimeSpan.FromSeconds(1), TimeSpan.FromDays(365));
        return problems;
    }
}
