using System.Text;
using System.Text.Json;
using LcPfn.EarlyStop.Hosting;
using Microsoft.Extensions.Hosting;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Hosting;

/// <summary>
/// End-to-end tests of the NATS transport against a real nats-server (see <see cref="NatsTestServer"/>), with
/// workers in this process or in real child processes. Every test has its own streams, consumer and bucket.
/// </summary>
public sealed class NatsTransportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewId() => Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Worker_TwoHundredRunsReportConcurrently_EveryReportGetsOneStoredDecision()
    {
        var id = NewId();
        var settings = WorkerHostFactory.NatsSettings(id, NatsTestServer.Url);
        var engine = new FakeDecisionEngine();
        using var host = WorkerHostFactory.Build(settings, engine);
        await host.StartAsync(Ct);
        await using var trainer = await NatsTrainer.ConnectAsync(NatsTestServer.Url, $"t{id}", Ct);

        var sent = await trainer.TrainAsync("s1", runs: 200, epochs: 6, horizon: 20, Ct);
        await host.StopAsync(Ct);

        sent.Count.ShouldBeGreaterThan(200 * 3);
        foreach (var r in sent)
        {
            trainer.Received.ShouldContainKey((r.RunId, r.Epoch));
            trainer.Received[(r.RunId, r.Epoch)].Distinct().Count().ShouldBe(1);
        }
        var stored = await trainer.ReadStreamAsync($"D_{id}", Ct);
        stored.Count.ShouldBe(sent.Count);
        (await trainer.StreamCountAsync($"R_{id}", Ct)).ShouldBe(0, "every report is acknowledged (work-queue stream empty)");
        engine.Calls.ShouldBeLessThan(sent.Count, "reports are decided in micro-batches");
    }

    [Fact]
    public async Task Worker_BadMessages_GoToDeadLetterWithReasonAndWorkerKeepsGoing()
    {
        var id = NewId();
        var prefix = $"t{id}";
        using var host = WorkerHostFactory.Build(WorkerHostFactory.NatsSettings(id, NatsTestServer.Url), new FakeDecisionEngine());
        await host.StartAsync(Ct);
        await using var trainer = await NatsTrainer.ConnectAsync(NatsTestServer.Url, prefix, Ct);

        var bad = new (string Subject, string Payload, string Reason)[]
        {
            ($"{prefix}.reports.s.r1", "{not json", "malformed JSON"),
            ($"{prefix}.reports.s.r2", """{"study":"s","run_id":"r2","epoch":1,"horizon":10}""", "missing field(s): value"),
            ($"{prefix}.reports.s.r3", """{"study":"s","run_id":"r3","epoch":1,"value":"NaN","horizon":10}""", "value must be finite; was NaN"),
            ($"{prefix}.reports.s.r4", """{"study":"s","run_id":"r4","epoch":1,"value":NaN,"horizon":10}""", "malformed JSON"),
            ($"{prefix}.reports.s.r5", """{"study":"s","run_id":"r5","epoch":12,"value":0.5,"horizon":10}""", "epoch must be in [1, horizon=10]; was 12"),
            ($"{prefix}.reports.s.other", """{"study":"s","run_id":"r6","epoch":1,"value":0.5,"horizon":10}""", "does not match"),
        };
        foreach (var (subject, payload, _) in bad)
            await trainer.PublishRawAsync(subject, Encoding.UTF8.GetBytes(payload), Ct);
        var good = new CurveReport("s", "good", 1, 0.4, 10);
        await trainer.PublishAsync(good, Ct);
        await trainer.WaitForDecisionsAsync([("good", 1)], TimeSpan.FromSeconds(20), Ct);

        List<DeadLetterMessage> letters = [];
        for (var i = 0; i < 100 && letters.Count < bad.Length; i++)
        {
            letters = [.. (await trainer.ReadStreamAsync($"DL_{id}", Ct)).Select(m => JsonSerializer.Deserialize(m.Data, HostingJsonContext.Default.DeadLetterMessage)!)];
            if (letters.Count < bad.Length) await Task.Delay(50, Ct);
        }
        await host.StopAsync(Ct);

        letters.Count.ShouldBe(bad.Length);
        foreach (var (subject, payload, reason) in bad)
        {
            var letter = letters.Single(l => l.Subject == subject);
            letter.Reason.ShouldContain(reason);
            letter.Payload.ShouldBe(payload);
        }
        trainer.Received[("good", 1)].Single().Stop.ShouldBeFalse();
        (await trainer.StreamCountAsync($"R_{id}", Ct)).ShouldBe(0, "bad messages are acknowledged, not redelivered");
    }

    [Fact]
    public async Task Worker_KilledMidStream_NewWorkerDecidesEveryReportAndNoneTwiceDifferently()
    {
        var id = NewId();
        var settings = WorkerHostFactory.NatsSettings(id, NatsTestServer.Url);
        settings["MaxBatchSize"] = "16";
        await using var trainer = await NatsTrainer.ConnectAsync(NatsTestServer.Url, $"t{id}", Ct);
        var first = await WorkerChildProcess.StartAsync(settings, delayMs: 10, Ct);

        // 30 runs x 20 epochs published up front (trainers that do not wait), so the kill lands mid-stream.
        var reports = (from e in Enumerable.Range(1, 20) from r in Enumerable.Range(0, 30) select new CurveReport("s", $"run{r:D2}", e, NatsTrainer.Curve(r, e), 50)).ToList();
        foreach (var report in reports)
            await trainer.PublishAsync(report, Ct);
        while (trainer.Received.Count < 100)
            await Task.Delay(10, Ct);
        first.KillHard();
        var decidedBeforeKill = trainer.Received.Count;
        await first.DisposeAsync();
        decidedBeforeKill.ShouldBeLessThan(reports.Count, "the worker was killed mid-stream");

        await using var second = await WorkerChildProcess.StartAsync(settings, delayMs: 0, Ct);
        await trainer.WaitForDecisionsAsync(reports.Select(r => (r.RunId, r.Epoch)), TimeSpan.FromSeconds(40), Ct);
        // Reports the killed worker decided but never acknowledged come back after AckWait and are replayed. On a loaded
        // 2-core CI machine a redelivery can itself outlive AckWait and be redelivered again, so allow a generous deadline.
        var ackDeadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < ackDeadline && await trainer.StreamCountAsync($"R_{id}", Ct) > 0)
            await Task.Delay(100, Ct);

        (await trainer.StreamCountAsync($"R_{id}", Ct)).ShouldBe(0, "every report is acknowledged in the end");
        var stored = (await trainer.ReadStreamAsync($"D_{id}", Ct)).Select(m => HostingJson.ParseDecision(m.Data)).ToList();
        var byReport = stored.GroupBy(d => (d.RunId, d.Epoch)).ToList();
        byReport.Count.ShouldBe(reports.Count, "no report is without a decision");
        foreach (var group in byReport)
            group.Distinct().Count().ShouldBe(1, $"{group.Key} has conflicting decisions");
        foreach (var (key, received) in trainer.Received)
            received.Distinct().Count().ShouldBe(1, $"{key} was answered with conflicting decisions");
        second.Batches.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Workers_TwoShareOneConsumer_BothWorkAndDecisionsEqualASingleWorkers()
    {
        async Task<(Dictionary<(string, int), CurveDecision> Decisions, int[] Batches)> TrainAsync(int workers)
        {
            var id = NewId();
            var settings = WorkerHostFactory.NatsSettings(id, NatsTestServer.Url);
            settings["MaxBatchSize"] = "8";
            var children = new List<WorkerChildProcess>();
            try
            {
                for (var i = 0; i < workers; i++)
                    children.Add(await WorkerChildProcess.StartAsync(settings, delayMs: 3, Ct));
                await using var trainer = await NatsTrainer.ConnectAsync(NatsTestServer.Url, $"t{id}", Ct);
                try
                {
                    await trainer.TrainAsync("s", runs: 40, epochs: 10, horizon: 40, Ct);
                }
                catch (TimeoutException ex)
                {
                    throw new TimeoutException($"{ex.Message}; workers: {string.Join(" | ", children.Select(c => $"exited={c.Process.HasExited} batches={c.Batches} stderr={c.StandardError}"))}", ex);
                }
                var decisions = trainer.Received.ToDictionary(kv => kv.Key, kv => kv.Value.Distinct().Single());
                return (decisions, children.Select(c => c.Batches).ToArray());
            }
            finally
            {
                foreach (var child in children) await child.DisposeAsync();
            }
        }

        var single = await TrainAsync(1);
        var pair = await TrainAsync(2);

        pair.Batches.ShouldAllBe(b => b > 0, "both replicas decide reports");
        pair.Decisions.Count.ShouldBe(single.Decisions.Count);
        foreach (var (key, decision) in single.Decisions)
            pair.Decisions[key].ShouldBe(decision);
        single.Decisions.Values.ShouldContain(d => d.Stop);
    }
}
