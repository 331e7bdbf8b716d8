using System.Text;
using LcPfn.Prior;
using Microsoft.Extensions.Hosting;

namespace LcPfn.EarlyStop.Hosting;

/// <summary>
/// The JSON-lines transport of the worker (what <c>lcpfn serve</c> runs on stdin/stdout): reports as JSON lines on an
/// input, decisions as JSON lines on an output, rejections on an error writer, through an <see cref="IEarlyStopClient"/>. Reports are decided concurrently, but the answers of one run are written in the order its reports came in
/// (a run's answer waits for the one before it); answers of different runs do not wait for each other.
/// </summary>
public sealed class JsonLinesBridge(JsonLinesBridge.Streams streams, IEarlyStopClient client, IHostApplicationLifetime lifetime) : BackgroundService
{
    /// <summary>Reports in flight at most (the worker's queue adds its own back-pressure).</summary>
    public const int MaxInFlight = 4096;

    /// <summary>Where reports come from and where decisions and rejections go.</summary>
    /// <param name="Input">JSON-line reports (the schema of docs/hosted-worker.md).</param>
    /// <param name="Output">One JSON-line decision per accepted report.</param>
    /// <param name="Error">One line per rejected report.</param>
    public sealed record Streams(TextReader Input, TextWriter Output, TextWriter Error);

    private readonly Lock _writeGate = new();

    /// <summary>The last answer started for each run (study/run key); touched by the reading loop only.</summary>
    private readonly Dictionary<string, Task> _lastAnswerByRun = new(StringComparer.Ordinal);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(MaxInFlight);
        var inFlight = new List<Task>();
        try
        {
            while (await streams.Input.ReadLineAsync(stoppingToken).ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0) continue;
                var report = HostingJson.ParseReport(Encoding.UTF8.GetBytes(line), out var rejection);
                if (report is null)
                {
                    Write(streams.Error, $"rejected: {rejection}: {line}");
                    continue;
                }
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                var previous = _lastAnswerByRun.GetValueOrDefault(report.RunKey) ?? Task.CompletedTask;
                var answer = AnswerAsync(report, previous, slots);
                _lastAnswerByRun[report.RunKey] = answer;
                inFlight.Add(answer);
                inFlight.RemoveAll(t => t.IsCompleted);
                if (_lastAnswerByRun.Count > MaxInFlight) ForgetAnsweredRuns();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: the worker drains what is queued
        }
        await Task.WhenAll(inFlight).ConfigureAwait(false);
        if (!stoppingToken.IsCancellationRequested) lifetime.StopApplication(); // end of input
    }

    /// <summary>Decides <paramref name="report"/>, then writes its answer once <paramref name="previous"/> (the run's last answer) is written.</summary>
    private async Task AnswerAsync(CurveReport report, Task previous, SemaphoreSlim slots)
    {
        try
        {
            string? decision = null;
            string? rejection = null;
            try
            {
                decision = Encoding.UTF8.GetString(HostingJson.WriteDecision(await client.ReportAsync(report).ConfigureAwait(false)));
            }
            catch (Exception ex) when (ex is InvalidInputException or InvalidOperationException)
            {
                rejection = $"rejected: {ex.Message}";
            }
            await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (decision is not null) Write(streams.Output, decision);
            else Write(streams.Error, rejection!);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>Drops the runs whose last answer is written, so the map holds only runs with answers in flight.</summary>
    private void ForgetAnsweredRuns()
    {
        foreach (var (run, answer) in _lastAnswerByRun)
            if (answer.IsCompleted) _lastAnswerByRun.Remove(run);
    }

    private void Write(TextWriter writer, string line)
    {
        lock (_writeGate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }
}
