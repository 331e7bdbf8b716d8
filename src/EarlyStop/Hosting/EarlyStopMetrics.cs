using System.Diagnostics.Metrics;

namespace LcPfn.EarlyStop.Hosting;

/// <summary>
/// The worker's instruments, on the meter <see cref="MeterName"/>: reports received (a counter; its rate is
/// reports/s), decisions by outcome, rejected reports, decision latency (receipt to stored decision, ms),
/// queue depth and batch size.
/// </summary>
public sealed class EarlyStopMetrics
{
    /// <summary>The meter's name, for listeners and exporters.</summary>
    public const string MeterName = "LcPfn.EarlyStop.Hosting";

    private readonly Counter<long> _reports;
    private readonly Counter<long> _decisions;
    private readonly Counter<long> _rejected;
    private readonly Histogram<double> _latency;
    private readonly Histogram<int> _batchSize;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public EarlyStopMetrics(IMeterFactory meterFactory, Func<int> queueDepth)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(queueDepth);
        var meter = meterFactory.Create(MeterName);
        _reports = meter.CreateCounter<long>("lcpfn.earlystop.reports", "{report}", "Reports received (valid or not).");
        _decisions = meter.CreateCounter<long>("lcpfn.earlystop.decisions", "{decision}", "Decisions sent, tagged outcome=stop|continue.");
        _rejected = meter.CreateCounter<long>("lcpfn.earlystop.rejected", "{report}", "Reports sent to the dead letters.");
        _latency = meter.CreateHistogram<double>("lcpfn.earlystop.decision.duration", "ms", "Time from receiving a report to its stored decision.");
        _batchSize = meter.CreateHistogram<int>("lcpfn.earlystop.batch.size", "{report}", "Reports per micro-batch.");
        meter.CreateObservableGauge("lcpfn.earlystop.queue.depth", queueDepth, "{report}", "Reports waiting in the worker's queue.");
    }

    /// <summary>Decisions sent since start.</summary>
    public long DecisionCount => Interlocked.Read(ref _decisionCount);

    private long _decisionCount;

    internal void Received(int count) => _reports.Add(count);

    internal void Rejected() => _rejected.Add(1);

    internal void Batch(int size) => _batchSize.Record(size);

    internal void Decided(bool stop, double latencyMs)
    {
        Interlocked.Increment(ref _decisionCount);
        _decisions.Add(1, new KeyValuePair<string, object?>("outcome", stop ? "stop" : "continue"));
        _latency.Record(latencyMs);
    }
}
