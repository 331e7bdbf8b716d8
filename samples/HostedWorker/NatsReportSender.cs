using System.Collections.Concurrent;
using System.Text.Json;
using LcPfn.EarlyStop.Hosting;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace LcPfn.Samples.HostedWorker;

/// <summary>
/// A trainer on another machine: publishes each report as JSON to JetStream on <c>lcpfn.reports.&lt;study&gt;.&lt;run&gt;</c>
/// and reads the decision from <c>lcpfn.decisions.&lt;study&gt;.&lt;run&gt;</c>. Any language with a NATS client can do the same.
/// </summary>
internal sealed class NatsReportSender(string url) : IReportSender, IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private readonly ConcurrentDictionary<string, TaskCompletionSource<CurveDecision>> pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim gate = new(1, 1);
    private NatsConnection? connection;
    private NatsJSContext? js;
    private Task? listener;
    private readonly CancellationTokenSource stopping = new();

    public async Task<CurveDecision> SendAsync(CurveReport report, CancellationToken cancellationToken)
    {
        await ConnectAsync(cancellationToken);
        var waiter = pending.GetOrAdd(Key(report.Study, report.RunId, report.Epoch), _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        var payload = JsonSerializer.SerializeToUtf8Bytes(new
        {
            study = report.Study, run_id = report.RunId, epoch = report.Epoch, value = report.Value, horizon = report.Horizon, direction = "maximize",
        });
        var ack = await js!.PublishAsync($"lcpfn.reports.{report.Study}.{report.RunId}", payload, cancellationToken: cancellationToken);
        ack.EnsureSuccess();
        return await waiter.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (listener is not null) return;
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (listener is not null) return;
            connection = new NatsConnection(new NatsOpts { Url = url, Name = "lcpfn-sample-trainer" });
            await connection.ConnectAsync();
            js = new NatsJSContext(connection);
            // Subscribe before the first report goes out, so that no decision is missed.
            var subscription = await connection.SubscribeCoreAsync<byte[]>("lcpfn.decisions.>", cancellationToken: cancellationToken);
            listener = Task.Run(async () =>
            {
                await foreach (var msg in subscription.Msgs.ReadAllAsync(stopping.Token))
                {
                    if (msg.Data is null) continue;
                    var d = JsonSerializer.Deserialize<DecisionMessage>(msg.Data, Json)!;
                    if (pending.TryRemove(Key(d.Study, d.RunId, d.Epoch), out var waiter))
                        waiter.TrySetResult(new CurveDecision(d.Study, d.RunId, d.Epoch, d.Action == "stop", d.Reason, d.PImprove, d.Best));
                }
            }, stopping.Token);
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (listener is not null)
        {
            try { await listener; } catch (OperationCanceledException) { }
        }
        if (connection is not null) await connection.DisposeAsync();
        stopping.Dispose();
        gate.Dispose();
    }

    private static string Key(string study, string runId, int epoch) => $"{study}/{runId}/{epoch}";

    /// <summary>A decision as the worker publishes it (snake_case JSON).</summary>
    private sealed record DecisionMessage(string Study, string RunId, int Epoch, string Action, string Reason, double? PImprove, double? Best);
}
