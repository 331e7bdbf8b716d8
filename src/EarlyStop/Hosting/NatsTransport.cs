using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;

namespace LcPfn.EarlyStop.Hosting;

/// <summary>
/// The NATS JetStream transport. Reports are read from the stream <c>LCPFN_REPORTS</c>
/// (<c>lcpfn.reports.&lt;study&gt;.&lt;run&gt;</c>, work-queue retention) through one durable pull consumer that all
/// replicas share; decisions are published to <c>LCPFN_DECISIONS</c> (<c>lcpfn.decisions.&lt;study&gt;.&lt;run&gt;</c>,
/// de-duplicated by the message id <c>study/run/epoch</c>); rejected reports to <c>lcpfn.deadletter.reports</c>.
/// A report is acknowledged only after its decision is stored in the key-value bucket and published.
/// </summary>
internal sealed class NatsTransport(IOptions<EarlyStopWorkerOptions> options, TimeProvider time, ILogger<NatsTransport> logger) : IReportTransport
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private readonly EarlyStopWorkerOptions _options = options.Value;
    private readonly NatsSubjects _subjects = new(options.Value.SubjectPrefix);
    private NatsConnection? _connection;
    private INatsJSContext? _js;
    private INatsJSConsumer? _consumer;
    private NatsRunStateStore? _store;

    /// <summary>When the connection was lost (a <see cref="TimeProvider"/> timestamp), or 0 while connected.</summary>
    private long _disconnectedAt;

    public string Name => "nats";

    public IRunStateStore Store => _store ?? throw new InvalidOperationException("The NATS transport is not started.");

    public bool IsConnected => _connection?.ConnectionState == NatsConnectionState.Open;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _connection = new NatsConnection(new NatsOpts { Url = _options.NatsUrl, Name = "lcpfn-earlystop-worker" });
        _connection.ConnectionDisconnected += OnDisconnectedAsync;
        _connection.ConnectionOpened += OnOpenedAsync;
        await _connection.ConnectAsync().ConfigureAwait(false);
        _js = new NatsJSContext(_connection);
        await _js.CreateOrUpdateStreamAsync(new StreamConfig(_options.ReportStream, [_subjects.AllReports])
        {
            Retention = StreamConfigRetention.Workqueue, // a report leaves the stream once acknowledged
            Storage = StreamConfigStorage.File,
        }, cancellationToken).ConfigureAwait(false);
        await _js.CreateOrUpdateStreamAsync(new StreamConfig(_options.DecisionStream, [_subjects.AllDecisions])
        {
            Storage = StreamConfigStorage.File,
            MaxAge = _options.DecisionRetention,
            DuplicateWindow = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(2).Ticks, _options.DecisionRetention.Ticks)),
        }, cancellationToken).ConfigureAwait(false);
        await _js.CreateOrUpdateStreamAsync(new StreamConfig(_options.DeadLetterStream, [_subjects.AllDeadLetters])
        {
            Storage = StreamConfigStorage.File,
            MaxAge = _options.DecisionRetention,
        }, cancellationToken).ConfigureAwait(false);
        _consumer = await _js.CreateOrUpdateConsumerAsync(_options.ReportStream, new ConsumerConfig(_options.ConsumerName)
        {
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
            AckWait = _options.AckWait,
            MaxAckPending = _options.MaxAckPending,
            MaxDeliver = _options.MaxDeliver, // with the final dead letter in ReleaseAsync, no report loops forever
            FilterSubject = _subjects.AllReports,
            DeliverPolicy = ConsumerConfigDeliverPolicy.All,
        }, cancellationToken).ConfigureAwait(false);
        var kv = new NatsKVContext(_js);
        var bucket = await kv.CreateOrUpdateStoreAsync(new NatsKVConfig(_options.StateBucket) { History = 1, Storage = NatsKVStorageType.File }, cancellationToken).ConfigureAwait(false);
        _store = new NatsRunStateStore(bucket);
        Log.NatsConnected(logger, _options.NatsUrl, _options.ReportStream, _options.ConsumerName, _options.StateBucket);
    }

    public async Task RunIntakeAsync(ChannelWriter<ReportEnvelope> queue, CancellationToken stoppingToken)
    {
        var consumer = _consumer ?? throw new InvalidOperationException("The NATS transport is not started.");
        var consumeOptions = new NatsJSConsumeOpts { MaxMsgs = Math.Max(2, Math.Min(_options.MaxBatchSize * 2, _options.MaxAckPending)) };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var msg in consumer.ConsumeAsync<byte[]>(opts: consumeOptions, cancellationToken: stoppingToken).ConfigureAwait(false))
                {
                    var report = HostingJson.ParseReport(msg.Data ?? [], out var rejection);
                    if (report is not null && msg.Subject != _subjects.Report(report.Study, report.RunId))
                    {
                        rejection = $"subject {msg.Subject} does not match the payload's study and run_id (expected {_subjects.Report(report.Study, report.RunId)})";
                        report = null;
                    }
                    // Waits while the queue is full; if we stop here the message stays unacknowledged and is redelivered.
                    await queue.WriteAsync(new NatsEnvelope(this, msg, report, rejection, time.GetTimestamp()), stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NatsException or NatsJSException or TimeoutException or JsonException)
            {
                Log.NatsIntakeRetry(logger, ex, RetryDelay.TotalMilliseconds);
                try
                {
                    await Task.Delay(RetryDelay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is null) return;
        _connection.ConnectionDisconnected -= OnDisconnectedAsync; // closing is not an outage
        _connection.ConnectionOpened -= OnOpenedAsync;
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Logs the start of an outage once (the client keeps reconnecting in the background).</summary>
    private ValueTask OnDisconnectedAsync(object? sender, NatsEventArgs args)
    {
        if (Interlocked.CompareExchange(ref _disconnectedAt, time.GetTimestamp(), 0) == 0)
            Log.NatsDisconnected(logger, _options.NatsUrl, LogText.Quote(args.Message));
        return ValueTask.CompletedTask;
    }

    /// <summary>Logs the end of an outage with its length; the first connection is logged by <see cref="Log.NatsConnected"/>.</summary>
    private ValueTask OnOpenedAsync(object? sender, NatsEventArgs args)
    {
        long since = Interlocked.Exchange(ref _disconnectedAt, 0);
        if (since != 0)
            Log.NatsReconnected(logger, _options.NatsUrl, Math.Round(time.GetElapsedTime(since).TotalSeconds, 1));
        return ValueTask.CompletedTask;
    }

    private async ValueTask PublishDecisionAsync(CurveDecision decision, CancellationToken cancellationToken)
    {
        var ack = await _js!.PublishAsync(
            _subjects.Decision(decision.Study, decision.RunId),
            HostingJson.WriteDecision(decision),
            opts: new NatsJSPubOpts { MsgId = $"{decision.Study}/{decision.RunId}/{decision.Epoch}" },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        ack.EnsureSuccess();
    }

    private async ValueTask PublishDeadLetterAsync(INatsJSMsg<byte[]> msg, string reason, CancellationToken cancellationToken)
    {
        var letter = NewDeadLetter(msg.Data ?? [], reason, msg.Subject, msg.Metadata?.Sequence.Stream, msg.Metadata?.NumDelivered);
        var headers = new NatsHeaders { ["Lcpfn-Reason"] = HeaderText(reason), ["Lcpfn-Subject"] = HeaderText(msg.Subject) };
        var ack = await _js!.PublishAsync(
            _subjects.DeadLetter,
            JsonSerializer.SerializeToUtf8Bytes(letter, HostingJsonContext.Default.DeadLetterMessage),
            opts: new NatsJSPubOpts { MsgId = msg.Metadata is { } m ? $"dl/{m.Sequence.Stream}" : null },
            headers: headers,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        ack.EnsureSuccess();
    }

    /// <summary>
    /// The dead letter of <paramref name="data"/>, bounded whatever the report held: the payload cut after
    /// <see cref="EarlyStopWorkerDefaults.MaxDeadLetterPayloadChars"/> characters and flagged, the reason after
    /// <see cref="EarlyStopWorkerDefaults.MaxDeadLetterReasonChars"/> with the count left out. Even JSON-escaped
    /// (up to 6 bytes a character) it stays far below the server's 1 MB message limit.
    /// </summary>
    internal static DeadLetterMessage NewDeadLetter(ReadOnlySpan<byte> data, string reason, string subject, ulong? streamSequence, ulong? deliveries)
    {
        var payload = Encoding.UTF8.GetString(data);
        var truncated = payload.Length > EarlyStopWorkerDefaults.MaxDeadLetterPayloadChars;
        if (truncated) payload = Cut(payload, EarlyStopWorkerDefaults.MaxDeadLetterPayloadChars);
        if (reason.Length > EarlyStopWorkerDefaults.MaxDeadLetterReasonChars)
        {
            var kept = Cut(reason, EarlyStopWorkerDefaults.MaxDeadLetterReasonChars);
            reason = $"{kept}…(+{reason.Length - kept.Length} chars)";
        }
        return new DeadLetterMessage(reason, Cut(subject, 1024), payload, streamSequence, deliveries, data.Length, truncated);
    }

    /// <summary>A header value from untrusted text: escaped and bounded by <see cref="LogText.Quote"/>, ASCII only.</summary>
    internal static string HeaderText(string text)
    {
        var quoted = LogText.Quote(text).ToCharArray();
        for (var i = 0; i < quoted.Length; i++)
            if (quoted[i] > '\u007e') quoted[i] = '?';
        return new string(quoted);
    }

    private static string Cut(string text, int length)
    {
        if (text.Length <= length) return text;
        if (char.IsHighSurrogate(text[length - 1])) length--;
        return text[..length];
    }

    private sealed class NatsEnvelope(NatsTransport transport, INatsJSMsg<byte[]> msg, CurveReport? report, string? rejection, long receivedTimestamp)
        : ReportEnvelope(report, rejection, receivedTimestamp)
    {
        public override string Source => msg.Subject;

        public override async ValueTask CompleteAsync(CurveDecision decision, CancellationToken cancellationToken)
        {
            await transport.PublishDecisionAsync(decision, cancellationToken).ConfigureAwait(false);
            await msg.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        public override async ValueTask RejectAsync(string reason, CancellationToken cancellationToken)
        {
            await transport.PublishDeadLetterAsync(msg, reason, cancellationToken).ConfigureAwait(false);
            await msg.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        public override async ValueTask ReleaseAsync(CancellationToken cancellationToken)
        {
            // JetStream will not deliver it again after MaxDeliver deliveries: give it up to the dead letters instead
            // of leaving it unacknowledged in the stream for ever.
            if (msg.Metadata is { } metadata && metadata.NumDelivered >= (ulong)transport._options.MaxDeliver)
            {
                await transport.PublishDeadLetterAsync(msg, $"not decided after {metadata.NumDelivered} deliveries (MaxDeliver {transport._options.MaxDeliver}); given up", cancellationToken).ConfigureAwait(false);
                await msg.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                return;
            }
            await msg.NakAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
