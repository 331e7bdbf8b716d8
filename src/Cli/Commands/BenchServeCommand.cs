using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using LcPfn.EarlyStop.Hosting;
using LcPfn.Prior.Prediction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace LcPfn.Cli.Commands;

/// <summary>
/// <c>lcpfn bench serve</c>: throughput and latency of the hosted worker. Many runs (1,000 by default) train at once,
/// each reporting epoch by epoch and waiting for its decision; a completed reference run gives them a best to beat,
/// so every due check runs a forecast. Prints decisions/s and p50/p99 latency (report sent → decision received)
/// for inproc and for NATS JetStream (a server must be reachable at --nats-url).
/// </summary>
internal sealed class BenchServeCommand : ICliCommand
{
    public string? Group => "bench";

    public Command Create()
    {
        var transport = new Option<string>("--transport") { Description = "inproc, nats or both.", DefaultValueFactory = _ => "both" };
        transport.AcceptOnlyFromAmong("inproc", "nats", "both");
        var runs = new Option<int>("--runs") { Description = "Runs training at once.", DefaultValueFactory = _ => 1000 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs each run reports.", DefaultValueFactory = _ => 20 };
        var horizon = new Option<int>("--horizon") { Description = "The runs' horizon (above --epochs, so no run completes).", DefaultValueFactory = _ => 40 };
        var maxBatch = new Option<int>("--max-batch") { Description = "Reports per micro-batch.", DefaultValueFactory = _ => EarlyStopWorkerDefaults.MaxBatchSize };
        var batchesInFlight = new Option<int>("--batches-in-flight") { Description = "Micro-batches decided while earlier ones are still stored and delivered (1: no pipelining).", DefaultValueFactory = _ => EarlyStopWorkerDefaults.MaxBatchesInFlight };
        var replicas = new Option<int>("--replicas") { Description = "NATS worker replicas sharing the consumer (hosts in this process, sharing the model and the cores).", DefaultValueFactory = _ => 1 };
        var natsUrl = ServeOptions.NatsUrl();
        var model = ServeOptions.Model();
        var extrapolator = ServeOptions.Extrapolator();
        var device = CommonOptions.Device();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var command = new Command("serve", "Decisions per second and p50/p99 decision latency of the hosted worker (inproc and NATS) with many concurrent runs.")
        {
            transport, runs, epochs, horizon, maxBatch, batchesInFlight, replicas, natsUrl, model, extrapolator, device, threads, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var setup = new BenchSetup(parse.GetValue(runs), parse.GetValue(epochs), parse.GetValue(horizon), parse.GetValue(maxBatch), parse.GetValue(batchesInFlight), parse.GetValue(replicas));
            setup.Validate();
            var asJson = parse.GetValue(json);
            var stdout = parse.InvocationConfiguration.Output;
            var human = asJson ? parse.InvocationConfiguration.Error : stdout;
            var progress = parse.InvocationConfiguration.Error;
            var which = parse.GetValue(transport)!;
            var kind = parse.GetValue(extrapolator)!;
            var curves = ServeOptions.CreateExtrapolator(kind, parse.GetValue(model), parse.GetValue(device), parse.GetValue(threads));
            try
            {
                BenchResult? inproc = null, nats = null;
                if (which is "inproc" or "both")
                {
                    inproc = await RunInProcAsync(setup, curves, progress, cancellationToken).ConfigureAwait(false);
                    human.WriteLine(inproc.Describe("inproc"));
                }
                if (which is "nats" or "both")
                {
                    var url = parse.GetValue(natsUrl)!;
                    if (which == "both" && !await NatsReachableAsync(url, cancellationToken).ConfigureAwait(false))
                    {
                        progress.WriteLine($"nats: skipped, no server at {url} (start one with `nats-server -js` or source .ci/services.sh)");
                    }
                    else
                    {
                        nats = await RunNatsAsync(setup, curves, url, progress, cancellationToken).ConfigureAwait(false);
                        human.WriteLine(nats.Describe(setup.Replicas == 1 ? "nats" : $"nats ({setup.Replicas} replicas)"));
                        if (inproc is not null) human.WriteLine($"nats/inproc: {nats.DecisionsPerSecond / inproc.DecisionsPerSecond:F2} (same run)");
                    }
                }
                if (asJson)
                {
                    JsonOutput.Write(stdout, new
                    {
                        Runs = setup.Runs,
                        Epochs = setup.Epochs,
                        MaxBatch = setup.MaxBatch,
                        BatchesInFlight = setup.BatchesInFlight,
                        Replicas = setup.Replicas,
                        Extrapolator = kind,
                        Inproc = inproc?.ToJson(),
                        Nats = nats?.ToJson(),
                        NatsToInproc = nats is not null && inproc is not null ? nats.DecisionsPerSecond / inproc.DecisionsPerSecond : (double?)null,
                    });
                }
                return CliApp.Ok;
            }
            finally
            {
                (curves as IDisposable)?.Dispose();
            }
        });
        return command;
    }

    private sealed record BenchSetup(int Runs, int Epochs, int Horizon, int MaxBatch, int BatchesInFlight, int Replicas)
    {
        public void Validate()
        {
            var problems = new List<string>();
            if (Runs is < 1 or > 100_000) problems.Add($"--runs must be in [1, 100000]; was {Runs}");
            if (Epochs is < 1 or > 10_000) problems.Add($"--epochs must be in [1, 10000]; was {Epochs}");
            if (Horizon <= Epochs || Horizon > 100_000) problems.Add($"--horizon must be above --epochs ({Epochs}) and at most 100000; was {Horizon}");
            if (MaxBatch is < 1 or > 8192) problems.Add($"--max-batch must be in [1, 8192]; was {MaxBatch}");
            if (BatchesInFlight is < 1 or > 64) problems.Add($"--batches-in-flight must be in [1, 64]; was {BatchesInFlight}");
            if (Replicas is < 1 or > 16) problems.Add($"--replicas must be in [1, 16]; was {Replicas}");
            if (problems.Count > 0) throw new LcPfn.Prior.InvalidInputException(string.Join("; ", problems));
        }

        /// <summary>Run r's value after epoch e: saturating curves between 0.40 and 0.95.</summary>
        public static double Curve(int run, int epoch) => (0.40 + 0.55 * (run * 7919 % 1000) / 1000.0) * (1 - Math.Exp(-epoch / 8.0));
    }

    private sealed record BenchResult(long Decisions, double Seconds, double P50Ms, double P99Ms, long Stops)
    {
        public double DecisionsPerSecond => Decisions / Seconds;

        public string Describe(string name) =>
            $"{name}: {Decisions} decisions in {Seconds:F2} s = {DecisionsPerSecond:F0} decisions/s; latency p50 {P50Ms:F1} ms, p99 {P99Ms:F1} ms; {Stops} stop decisions";

        public object ToJson() => new { Decisions, Seconds, DecisionsPerSecond, P50Ms, P99Ms, Stops };
    }

    private static Dictionary<string, string?> Settings(BenchSetup setup) => new()
    {
        ["MaxBatchSize"] = setup.MaxBatch.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["MaxBatchesInFlight"] = setup.BatchesInFlight.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["MaxAckPending"] = Math.Max(EarlyStopWorkerDefaults.MaxAckPending, 2 * setup.Runs).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["QueueCapacity"] = Math.Max(EarlyStopWorkerDefaults.QueueCapacity, setup.Runs).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static async Task<BenchResult> RunInProcAsync(BenchSetup setup, ICurveExtrapolator curves, TextWriter progress, CancellationToken cancellationToken)
    {
        using var host = ServeHost.CreateBuilder(Settings(setup), curves, LogLevel.Warning).Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        var client = host.Services.GetRequiredService<IEarlyStopClient>();
        try
        {
            return await MeasureAsync(setup, "inproc", (r, ct) => client.ReportAsync(r, ct), progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task<BenchResult> RunNatsAsync(BenchSetup setup, ICurveExtrapolator curves, string url, TextWriter progress, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var settings = Settings(setup);
        settings["Transport"] = nameof(EarlyStopTransportKind.Nats);
        settings["NatsUrl"] = url;
        settings["SubjectPrefix"] = $"lcpfnbench{id}";
        settings["ReportStream"] = $"BENCH_R_{id}";
        settings["DecisionStream"] = $"BENCH_D_{id}";
        settings["DeadLetterStream"] = $"BENCH_DL_{id}";
        settings["ConsumerName"] = $"bench-{id}";
        settings["StateBucket"] = $"bench_{id}";
        var hosts = new List<IHost>();
        for (var i = 0; i < setup.Replicas; i++)
        {
            hosts.Add(ServeHost.CreateBuilder(settings, curves, LogLevel.Warning).Build());
            await hosts[i].StartAsync(cancellationToken).ConfigureAwait(false);
        }
        await using var nats = new NatsConnection(new NatsOpts { Url = url, Name = "lcpfn-bench-trainers" });
        var js = new NatsJSContext(nats);
        var waiters = new ConcurrentDictionary<(string Run, int Epoch), TaskCompletionSource<CurveDecision>>();
        var sub = await nats.SubscribeCoreAsync<byte[]>($"lcpfnbench{id}.decisions.>", cancellationToken: cancellationToken).ConfigureAwait(false);
        var listener = Task.Run(async () =>
        {
            await foreach (var msg in sub.Msgs.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                var d = HostingJson.ParseDecision(msg.Data);
                if (waiters.TryRemove((d.Study + "/" + d.RunId, d.Epoch), out var waiter)) waiter.TrySetResult(d);
            }
        }, CancellationToken.None);
        try
        {
            async Task<CurveDecision> SendAsync(CurveReport report, CancellationToken ct)
            {
                var waiter = waiters.GetOrAdd((report.RunKey, report.Epoch), _ => new TaskCompletionSource<CurveDecision>(TaskCreationOptions.RunContinuationsAsynchronously));
                var ack = await js.PublishAsync($"lcpfnbench{id}.reports.{report.Study}.{report.RunId}", HostingJson.WriteReport(report), cancellationToken: ct).ConfigureAwait(false);
                ack.EnsureSuccess();
                return await waiter.Task.WaitAsync(TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
            }
            return await MeasureAsync(setup, "nats", SendAsync, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
                host.Dispose();
            }
            await sub.UnsubscribeAsync().ConfigureAwait(false);
            await listener.ConfigureAwait(false);
            foreach (var stream in new[] { settings["ReportStream"]!, settings["DecisionStream"]!, settings["DeadLetterStream"]! })
                await js.DeleteStreamAsync(stream, CancellationToken.None).ConfigureAwait(false);
            await new NatsKVContext(js).DeleteStoreAsync(settings["StateBucket"]!, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>A completed reference run sets the best; a warm-up study; then the measured study.</summary>
    private static async Task<BenchResult> MeasureAsync(
        BenchSetup setup, string name, Func<CurveReport, CancellationToken, Task<CurveDecision>> send, TextWriter progress, CancellationToken cancellationToken)
    {
        const string study = "bench";
        for (var e = 1; e <= setup.Horizon; e++) // the reference run: final value 0.35, below most runs' forecasts
            await send(new CurveReport(study, "reference", e, 0.35 * e / setup.Horizon, setup.Horizon), cancellationToken).ConfigureAwait(false);
        await TrainAsync(setup with { Runs = Math.Min(setup.Runs, 50), Epochs = Math.Min(setup.Epochs, 8) }, "warmup", send, cancellationToken).ConfigureAwait(false);

        var latencies = new ConcurrentBag<double>();
        long stops = 0, done = 0;
        using var reporter = new Timer(_ =>
        {
            var n = Interlocked.Read(ref done);
            progress.WriteLine($"{name}: {n}/{(long)setup.Runs * setup.Epochs} decisions");
        }, null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
        var clock = Stopwatch.StartNew();
        await TrainAsync(setup, study, async (report, ct) =>
        {
            var started = Stopwatch.GetTimestamp();
            var decision = await send(report, ct).ConfigureAwait(false);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (decision.Stop) Interlocked.Increment(ref stops);
            Interlocked.Increment(ref done);
            return decision;
        }, cancellationToken).ConfigureAwait(false);
        clock.Stop();
        var sorted = latencies.Order().ToArray();
        return new BenchResult(sorted.Length, clock.Elapsed.TotalSeconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99), stops);
    }

    /// <summary>Every run reports its epochs one by one, waiting for each decision (it keeps reporting after a stop, so the work is fixed).</summary>
    private static Task TrainAsync(BenchSetup setup, string study, Func<CurveReport, CancellationToken, Task<CurveDecision>> send, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, setup.Runs).Select(r => Task.Run(async () =>
        {
            for (var e = 1; e <= setup.Epochs; e++)
                await send(new CurveReport(study, $"run{r}", e, BenchSetup.Curve(r, e), setup.Horizon), cancellationToken).ConfigureAwait(false);
        }, cancellationToken)));

    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static async Task<bool> NatsReachableAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            await using var nats = new NatsConnection(new NatsOpts { Url = url, ConnectTimeout = TimeSpan.FromSeconds(2), MaxReconnectRetry = 0 });
            await nats.ConnectAsync().ConfigureAwait(false);
            await nats.PingAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (NatsException)
        {
            return false;
        }
    }
}
