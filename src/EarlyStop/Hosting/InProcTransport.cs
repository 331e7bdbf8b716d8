using System.Threading.Channels;

namespace LcPfn.EarlyStop.Hosting;

/// <summary>The inproc transport: producers write through <see cref="IEarlyStopClient"/>; state is process memory.</summary>
internal sealed class InProcTransport : IReportTransport
{
    public string Name => "inproc";

    public IRunStateStore Store { get; } = new InMemoryRunStateStore();

    public bool IsConnected => true;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task RunIntakeAsync(ChannelWriter<ReportEnvelope> queue, CancellationToken stoppingToken)
    {
        // Producers write directly into the queue; there is nothing to pump. Wait for the stop signal.
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
