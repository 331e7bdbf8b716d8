using System.Collections.Concurrent;
using LcPfn.EarlyStop.Hosting;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace LcPfn.EarlyStop.Tests.Hosting;

/// <summary>
/// Simulated trainers on NATS: publish reports to the report stream and listen to every decision, as a Python
/// trainer with nats-py would (docs/hosted-worker.md).
/// </summary>
internal sealed class NatsTrainer : IAsyncDisposable
{
    private readonly NatsConnection _nats;
    private readonly NatsJSContext _js;
    private readonly string _prefix;
    private readonly INatsSub<byte[]> _subscription;
    private readonly Task _listener;
    private readonly ConcurrentDictionary<(string Run, int Epoch), TaskCompletionSource<CurveDecision>> _waiters = new();

    private NatsTrainer(NatsConnection nats, string prefix, INatsSub<byte[]> subscription)
    {
        _nats = nats;
        _js = new NatsJSContext(nats);
        _prefix = prefix;
        _subscription = subscription;
        _listener = Task.Run(ListenAsync);
    }

    /// <summary>Every decision message received, by (run, epoch), duplicates kept.</summary>
    public ConcurrentDictionary<(string Run, int Epoch), ConcurrentQueue<CurveDecision>> Received { get; } = new();

    public NatsJSContext JetStream => _js;

    public NatsConnection Connection => _nats;

    public static async Task<NatsTrainer> ConnectAsync(string url, string prefix, CancellationToken cancellationToken)
    {
        var nats = new NatsConnection(new NatsOpts { Url = url, Name = "lcpfn-test-trainer" });
        await nats.ConnectAsync();
        var sub = await nats.SubscribeCoreAsync<byte[]>($"{prefix}.decisions.>", cancellationToken: cancellationToken);
        await nats.PingAsync(cancellationToken);
        return new NatsTrainer(nats, prefix, sub);
    }

    private async Task ListenAsync()
    {
        await foreach (var msg in _subscription.Msgs.ReadAllAsync())
        {
            var decision = HostingJson.ParseDecision(msg.Data);
            Received.GetOrAdd((decision.RunId, decision.Epoch), _ => new ConcurrentQueue<CurveDecision>()).Enqueue(decision);
            if (_waiters.TryGetValue((decision.RunId, decision.Epoch), out var waiter)) waiter.TrySetResult(decision);
        }
    }

    /// <summary>The value of run <paramref name="run"/> after <paramref name="epoch"/>: rises, then some runs overfit and fall.</summary>
    public static double Curve(int run, int epoch)
    {
        var a = 0.5 + 0.4 * (run * 37 % 10) / 10.0;
        var k = 3 + run * 13 % 8;
        return Math.Round(a * (1 - Math.Exp(-epoch / 3.0)) - (epoch > k ? 0.03 * (epoch - k) : 0), 6);
    }

    public async Task PublishRawAsync(string subject, byte[] payload, CancellationToken cancellationToken)
    {
        var ack = await _js.PublishAsync(subject, payload, cancellationToken: cancellationToken);
        ack.EnsureSuccess();
    }

    public Task PublishAsync(CurveReport report, CancellationToken cancellationToken) =>
        PublishRawAsync($"{_prefix}.reports.{report.Study}.{report.RunId}", HostingJson.WriteReport(report), cancellationToken);

    /// <summary>
    /// Trains <paramref name="runs"/> runs concurrently, epoch by epoch, each waiting for its decision before the
    /// next epoch and quitting when told to stop. Returns the reports sent.
    /// </summary>
    public async Task<IReadOnlyList<CurveReport>> TrainAsync(string study, int runs, int epochs, int horizon, CancellationToken cancellationToken)
    {
        var sent = new ConcurrentBag<CurveReport>();
        await Task.WhenAll(Enumerable.Range(0, runs).Select(r => Task.Run(async () =>
        {
            for (var e = 1; e <= epochs; e++)
            {
                var report = new CurveReport(study, $"run{r:D4}", e, Curve(r, e), horizon);
                var waiter = _waiters.GetOrAdd((report.RunId, e), _ => new TaskCompletionSource<CurveDecision>(TaskCreationOptions.RunContinuationsAsynchronously));
                if (Received.TryGetValue((report.RunId, e), out var already) && already.TryPeek(out var d)) waiter.TrySetResult(d);
                await PublishAsync(report, cancellationToken);
                sent.Add(report);
                var decision = await waiter.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                if (decision.Stop) break;
            }
        }, cancellationToken)));
        return [.. sent];
    }

    /// <summary>Waits until every (run, epoch) in <paramref name="expected"/> has a decision.</summary>
    public async Task WaitForDecisionsAsync(IEnumerable<(string Run, int Epoch)> expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var keys = expected.ToList();
        var deadline = DateTime.UtcNow + timeout;
        while (keys.Any(k => !Received.ContainsKey(k)))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{keys.Count(k => !Received.ContainsKey(k))} of {keys.Count} reports have no decision after {timeout}");
            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Every message stored in <paramref name="stream"/>, in order.</summary>
    public async Task<List<INatsJSMsg<byte[]>>> ReadStreamAsync(string stream, CancellationToken cancellationToken)
    {
        var info = await _js.GetStreamAsync(stream, cancellationToken: cancellationToken);
        var count = (long)info.Info.State.Messages;
        var result = new List<INatsJSMsg<byte[]>>();
        if (count == 0) return result;
        var consumer = await _js.CreateOrderedConsumerAsync(stream, cancellationToken: cancellationToken);
        await foreach (var msg in consumer.ConsumeAsync<byte[]>(cancellationToken: cancellationToken))
        {
            result.Add(msg);
            if (msg.Metadata?.NumPending == 0) break;
        }
        return result;
    }

    /// <summary>Messages still in a stream (a work-queue stream keeps only unacknowledged reports).</summary>
    public async Task<long> StreamCountAsync(string stream, CancellationToken cancellationToken)
    {
        var info = await _js.GetStreamAsync(stream, cancellationToken: cancellationToken);
        return (long)info.Info.State.Messages;
    }

    public async ValueTask DisposeAsync()
    {
        await _subscription.UnsubscribeAsync();
        await _listener;
        await _nats.DisposeAsync();
    }
}
