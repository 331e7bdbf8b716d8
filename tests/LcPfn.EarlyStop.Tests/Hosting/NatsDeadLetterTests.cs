using System.Text;
using System.Text.Json;
using LcPfn.EarlyStop.Hosting;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Hosting;

/// <summary>Dead letters stay bounded whatever the report holds, and no report is redelivered for ever.</summary>
public sealed class NatsDeadLetterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewId() => Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public void NewDeadLetter_HugeEscapedPayloadAndReason_StaysFarBelowTheServerLimitAndSaysItWasCut()
    {
        var payload = Encoding.UTF8.GetBytes($$"""{"study":"s","run_id":"r","direction":"{{new string('<', 400_000)}}é"}""");
        var reason = "direction must be maximize or minimize; was " + new string('<', 400_000);

        var letter = NatsTransport.NewDeadLetter(payload, reason, "lcpfn.reports.s.r", 7, 1);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(letter, HostingJsonContext.Default.DeadLetterMessage);

        bytes.Length.ShouldBeLessThan(200_000);
        letter.PayloadTruncated.ShouldBeTrue();
        letter.PayloadBytes.ShouldBe(payload.Length);
        letter.Payload.Length.ShouldBe(EarlyStopWorkerDefaults.MaxDeadLetterPayloadChars);
        letter.Reason.ShouldEndWith($"…(+{reason.Length - EarlyStopWorkerDefaults.MaxDeadLetterReasonChars} chars)");
    }

    [Fact]
    public void NewDeadLetter_SmallPayload_IsKeptWholeAndNotFlagged()
    {
        var letter = NatsTransport.NewDeadLetter("{not json"u8, "malformed JSON", "s", 1, 1);

        letter.Payload.ShouldBe("{not json");
        letter.PayloadTruncated.ShouldBeFalse();
        letter.Reason.ShouldBe("malformed JSON");
    }

    [Fact]
    public void HeaderText_ForgedLinesAndNonAscii_AreEscapedBoundedAndAscii()
    {
        var header = NatsTransport.HeaderText("bad\r\nX-Evil: 1 é" + new string('<', 10_000));

        header.ShouldNotContain('\r');
        header.ShouldNotContain('\n');
        header.ShouldStartWith("\"bad\\r\\nX-Evil: 1 ?");
        header.Length.ShouldBeLessThan(LogText.MaxLength + 30);
        header.All(c => c is >= ' ' and <= '~').ShouldBeTrue();
    }

    [Fact]
    public async Task Worker_ReportNearTheServerLimit_GoesToOneBoundedDeadLetterAndLeavesTheStream()
    {
        var id = NewId();
        var prefix = $"t{id}";
        using var host = WorkerHostFactory.Build(WorkerHostFactory.NatsSettings(id, NatsTestServer.Url), new FakeDecisionEngine());
        await host.StartAsync(Ct);
        await using var trainer = await NatsTrainer.ConnectAsync(NatsTestServer.Url, prefix, Ct);

        var payload = Encoding.UTF8.GetBytes($$"""{"study":"s","run_id":"big","epoch":1,"value":0.5,"horizon":10,"direction":"{{new string('<', 400_000)}}"}""");
        await trainer.PublishRawAsync($"{prefix}.reports.s.big", payload, Ct);
        await trainer.PublishAsync(new CurveReport("s", "good", 1, 0.4, 10), Ct);
        await trainer.WaitForDecisionsAsync([("good", 1)], TimeSpan.FromSeconds(20), Ct);
        var letters = await ReadLettersAsync(trainer, $"DL_{id}", 1);
        await host.StopAsync(Ct);

        var letter = letters.ShouldHaveSingleItem();
        letter.Reason.ShouldContain("report too large");
        letter.PayloadTruncated.ShouldBeTrue();
        letter.PayloadBytes.ShouldBe(payload.Length);
        (await trainer.StreamCountAsync($"R_{id}", Ct)).ShouldBe(0, "the report is acknowledged, not redelivered");
    }

    [Fact]
    public async Task Worker_ReportThatAlwaysFails_IsDeadLetteredOnItsLastDeliveryAndLeavesTheStream()
    {
        var id = NewId();
        var prefix = $"t{id}";
        var settings = WorkerHostFactory.NatsSettings(id, NatsTestServer.Url);
        settings["MaxDeliver"] = "3";
        var engine = new FailingEngine();
        using var host = WorkerHostFactory.Build(settings, engine);
        await host.StartAsync(Ct);
        await using var trainer = await NatsTrainer.ConnectAsync(NatsTestServer.Url, prefix, Ct);

        await trainer.PublishAsync(new CurveReport("s", "doomed", 1, 0.4, 10), Ct);
        var letters = await ReadLettersAsync(trainer, $"DL_{id}", 1);
        await host.StopAsync(Ct);

        var letter = letters.ShouldHaveSingleItem();
        letter.Reason.ShouldContain("not decided after 3 deliveries");
        letter.Deliveries.ShouldBe(3UL);
        engine.Calls.ShouldBe(3);
        (await trainer.StreamCountAsync($"R_{id}", Ct)).ShouldBe(0, "given up and acknowledged, not left in the stream");
    }

    private static async Task<List<DeadLetterMessage>> ReadLettersAsync(NatsTrainer trainer, string stream, int expected)
    {
        List<DeadLetterMessage> letters = [];
        for (var i = 0; i < 400 && letters.Count < expected; i++)
        {
            letters = [.. (await trainer.ReadStreamAsync(stream, Ct)).Select(m => JsonSerializer.Deserialize(m.Data, HostingJsonContext.Default.DeadLetterMessage)!)];
            if (letters.Count < expected) await Task.Delay(50, Ct);
        }
        return letters;
    }

    private sealed class FailingEngine : IDecisionEngine
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public IReadOnlyList<CurveDecision> Decide(IReadOnlyList<DecisionRequest> requests, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            throw new InvalidOperationException("the model failed");
        }
    }
}
