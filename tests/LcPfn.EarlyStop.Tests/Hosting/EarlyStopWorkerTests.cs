using LcPfn.EarlyStop.Hosting;
using LcPfn.Prior;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Hosting;

public sealed class EarlyStopWorkerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IHost InProc(FakeDecisionEngine engine, int capacity = 1024, int maxBatch = 256) =>
        WorkerHostFactory.Build(new Dictionary<string, string?>
        {
            ["QueueCapacity"] = capacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MaxBatchSize"] = maxBatch.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, engine);

    [Fact]
    public async Task ReportAsync_InProcConcurrentRuns_EveryReportGetsTheEnginesDecision()
    {
        var engine = new FakeDecisionEngine();
        using var host = InProc(engine);
        await host.StartAsync(Ct);
        var client = host.Services.GetRequiredService<IEarlyStopClient>();

        var decisions = await Task.WhenAll(Enumerable.Range(0, 100).Select(r => Task.Run(async () =>
        {
            var list = new List<CurveDecision>();
            for (var e = 1; e <= 8; e++)
                list.Add(await client.ReportAsync(new CurveReport("s", $"r{r}", e, NatsTrainer.Curve(r, e), 20), Ct));
            return list;
        }, Ct)));
        await host.StopAsync(Ct);

        decisions.SelectMany(d => d).Count().ShouldBe(800);
        decisions[0].Select(d => d.Epoch).ShouldBe([1, 2, 3, 4, 5, 6, 7, 8]);
        engine.Requests.ShouldBe(800);
        decisions.SelectMany(d => d).ShouldContain(d => d.Stop);
    }

    [Fact]
    public async Task ReportAsync_SameEpochReportedTwice_SecondGetsTheStoredDecision()
    {
        var engine = new FakeDecisionEngine();
        using var host = InProc(engine);
        await host.StartAsync(Ct);
        var client = host.Services.GetRequiredService<IEarlyStopClient>();

        await client.ReportAsync(new CurveReport("s", "r", 1, 0.5, 10), Ct);
        await client.ReportAsync(new CurveReport("s", "r", 2, 0.4, 10), Ct);
        var first = await client.ReportAsync(new CurveReport("s", "r", 3, 0.3, 10), Ct);
        var again = await client.ReportAsync(new CurveReport("s", "r", 3, 0.9, 10), Ct); // a retry with another value
        await host.StopAsync(Ct);

        first.Stop.ShouldBeTrue();
        again.ShouldBe(first);
        engine.Requests.ShouldBe(3);
    }

    [Fact]
    public async Task ReportAsync_InvalidReport_FaultsWithTheReasonAndWorkerKeepsGoing()
    {
        using var host = InProc(new FakeDecisionEngine());
        await host.StartAsync(Ct);
        var client = host.Services.GetRequiredService<IEarlyStopClient>();

        var ex = await Should.ThrowAsync<InvalidInputException>(() => client.ReportAsync(new CurveReport("s", "r", 1, double.NaN, 10), Ct));
        var ok = await client.ReportAsync(new CurveReport("s", "r", 1, 0.5, 10), Ct);
        await host.StopAsync(Ct);

        ex.Message.ShouldBe("Report s/r epoch 1 rejected: value must be finite; was NaN");
        ok.Stop.ShouldBeFalse();
    }

    [Fact]
    public async Task ReportAsync_ProducerFasterThanEngine_IsSlowedNotDroppedAndEngineSeesBoundedBatches()
    {
        var gate = new SemaphoreSlim(0);
        var batches = new System.Collections.Concurrent.ConcurrentQueue<int>();
        var engine = new FakeDecisionEngine { Gate = gate, OnBatch = batches.Enqueue };
        using var host = InProc(engine, capacity: 4, maxBatch: 2);
        await host.StartAsync(Ct);
        var client = host.Services.GetRequiredService<IEarlyStopClient>();
        var queue = host.Services.GetRequiredService<ReportQueue>();
        var health = host.Services.GetRequiredService<HealthCheckService>();

        // Every report is written (or waits to be written) before ToList returns. The worker then holds its first
        // batch (at most 2) in the blocked engine and reads nothing more, and each read moved a waiting writer into
        // the queue: so once the engine is entered the queue is full, with no polling.
        var pending = Enumerable.Range(0, 40).Select(r => client.ReportAsync(new CurveReport("s", $"r{r}", 1, 0.5, 10), Ct)).ToList();
        await engine.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        queue.Count.ShouldBe(4);
        pending.Count(t => t.IsCompleted).ShouldBe(0, "the other producers wait for room or for their decision");
        (await health.CheckHealthAsync(Ct)).Status.ShouldBe(HealthStatus.Degraded);

        gate.Release(1000);
        var decisions = await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await host.StopAsync(Ct);

        decisions.Select(d => d.RunId).Order(StringComparer.Ordinal).ShouldBe(Enumerable.Range(0, 40).Select(r => $"r{r}").Order(StringComparer.Ordinal));
        engine.Requests.ShouldBe(40, "each report is decided once: none dropped, none repeated");
        batches.ShouldAllBe(size => size >= 1 && size <= 2, "the worker never hands the engine more than MaxBatchSize reports");
        batches.Sum().ShouldBe(40);
    }

    [Fact]
    public async Task StopAsync_ReportsQueued_DrainsThemBeforeStopping()
    {
        var gate = new SemaphoreSlim(0);
        var engine = new FakeDecisionEngine { Gate = gate };
        using var host = InProc(engine, capacity: 64, maxBatch: 4);
        await host.StartAsync(Ct);
        var client = host.Services.GetRequiredService<IEarlyStopClient>();
        var pending = Enumerable.Range(0, 20).Select(r => client.ReportAsync(new CurveReport("s", $"r{r}", 1, 0.5, 10), Ct)).ToList();
        await engine.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        var stopping = host.StopAsync(Ct);
        gate.Release(1000);
        await stopping;

        (await Task.WhenAll(pending)).Length.ShouldBe(20);
        await Should.ThrowAsync<InvalidOperationException>(() => client.ReportAsync(new CurveReport("s", "late", 1, 0.5, 10), Ct));
    }

    [Fact]
    public async Task CheckHealthAsync_RunningIdleWorker_IsHealthy()
    {
        using var host = InProc(new FakeDecisionEngine());
        await host.StartAsync(Ct);
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);
        await host.StopAsync(Ct);

        report.Status.ShouldBe(HealthStatus.Healthy);
        report.Entries.ShouldContainKey("lcpfn-earlystop");
    }

    [Fact]
    public async Task StartAsync_InvalidOptions_FailsListingEveryProblem()
    {
        using var host = WorkerHostFactory.Build(new Dictionary<string, string?>
        {
            ["QueueCapacity"] = "0",
            ["MaxBatchSize"] = "9000",
            ["NatsUrl"] = "localhost",
        }, new FakeDecisionEngine());

        var ex = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        ex.Failures.ShouldBe([
            "Property QueueCapacity: must be in [1, 1000000]; was 0",
            "Property MaxBatchSize: must be in [1, 8192]; was 9000",
            "Property NatsUrl: must be an absolute nats://host:port URL; was 'localhost'",
            "Property MaxAckPending: must be at least MaxBatchSize (9000); was 4096",
        ]);
    }

    [Fact]
    public async Task ReportAsync_WithTheCorePolicy_StopsARunThatCannotBeatACompletedOne()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<LcPfn.Prior.Prediction.ICurveExtrapolator>(new Fakes.FakeExtrapolator(sd: 0.02));
        builder.Configuration.AddInMemoryCollection([new("LcPfn:EarlyStop:Rule:MinEpochs", "3")]);
        builder.Services.AddLcPfnEarlyStopping(builder.Configuration.GetSection(EarlyStopWorkerDefaults.ConfigurationSection));
        using var host = builder.Build();
        await host.StartAsync(Ct);
        var client = host.Services.GetRequiredService<IEarlyStopClient>();

        for (var e = 1; e <= 5; e++)
            (await client.ReportAsync(new CurveReport("s", "good", e, 0.5 + 0.08 * e, 5), Ct)).Stop.ShouldBeFalse();
        var decisions = new List<CurveDecision>();
        for (var e = 1; e <= 4; e++)
            decisions.Add(await client.ReportAsync(new CurveReport("s", "bad", e, 0.1 * e, 5), Ct));
        await host.StopAsync(Ct);

        decisions.Select(d => d.Stop).ShouldBe([false, false, true, true]);
        decisions[2].StudyBest!.Value.ShouldBe(0.9, 1e-12);
        decisions[3].Reason.ShouldStartWith("stopped at epoch 3: P(final > best) = ");
    }
}
