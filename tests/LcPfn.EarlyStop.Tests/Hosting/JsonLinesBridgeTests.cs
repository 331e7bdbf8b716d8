using LcPfn.EarlyStop.Hosting;
using Microsoft.Extensions.Hosting;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Hosting;

/// <summary><c>lcpfn serve</c> on stdin/stdout writes the decisions of one run in the order its reports came in.</summary>
public sealed class JsonLinesBridgeTests
{
    [Fact]
    public async Task Bridge_EarlierReportOfARunDecidedLast_WritesTheRunsDecisionsInInputOrder()
    {
        // Run a's epoch 1 is decided only once all input is read, after its epoch 2 and run b's epoch 1 are decided.
        var client = new HeldClient(held: ("a", 1));
        var input = new EndSignallingReader(
            string.Join('\n', Report("a", 1), Report("a", 2), Report("b", 1)) + "\n",
            atEnd: client.ReleaseHeld);
        var output = new StringWriter();
        var error = new StringWriter();
        var lifetime = new StoppingLifetime();
        using var bridge = new JsonLinesBridge(new JsonLinesBridge.Streams(input, output, error), client, lifetime);

        await bridge.StartAsync(TestContext.Current.CancellationToken);
        await bridge.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        error.ToString().ShouldBeEmpty();
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(3);
        int a1 = Array.FindIndex(lines, l => l.Contains("\"run_id\":\"a\"") && l.Contains("\"epoch\":1,"));
        int a2 = Array.FindIndex(lines, l => l.Contains("\"run_id\":\"a\"") && l.Contains("\"epoch\":2,"));
        int b1 = Array.FindIndex(lines, l => l.Contains("\"run_id\":\"b\""));
        a1.ShouldBeLessThan(a2, "a run's decisions keep the order of its reports");
        b1.ShouldBeLessThan(a1, "another run does not wait for run a");
        lifetime.Stopped.ShouldBeTrue("the end of input stops the host");
    }

    private static string Report(string run, int epoch) =>
        $"{{\"study\":\"s\",\"run_id\":\"{run}\",\"epoch\":{epoch},\"value\":0.5,\"horizon\":10}}";

    /// <summary>Decides at once, except the one held report, which is decided when <see cref="ReleaseHeld"/> is called.</summary>
    private sealed class HeldClient((string Run, int Epoch) held) : IEarlyStopClient
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void ReleaseHeld() => _release.TrySetResult();

        public async Task<CurveDecision> ReportAsync(CurveReport report, CancellationToken cancellationToken = default)
        {
            if ((report.RunId, report.Epoch) == held) await _release.Task;
            return new CurveDecision(report.Study, report.RunId, report.Epoch, Stop: false, Reason: "test");
        }
    }

    /// <summary>Reads lines from a string and calls <paramref name="atEnd"/> when the end is reached.</summary>
    private sealed class EndSignallingReader(string text, Action atEnd) : StringReader(text)
    {
        public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            var line = ReadLine();
            if (line is null) atEnd();
            return ValueTask.FromResult(line);
        }
    }

    private sealed class StoppingLifetime : IHostApplicationLifetime
    {
        public bool Stopped { get; private set; }

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => Stopped = true;
    }
}
