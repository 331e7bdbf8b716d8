using System.Threading.Channels;

namespace LcPfn.EarlyStop.Hosting;

/// <summary>
/// A transport: where reports come from (written into the worker's queue), where run state lives, and (through
/// each <see cref="ReportEnvelope"/>) where decisions and dead letters go.
/// </summary>
internal interface IReportTransport : IAsyncDisposable
{
    /// <summary><c>inproc</c> or <c>nats</c>.</summary>
    string Name { get; }

    /// <summary>Run state and study bests.</summary>
    IRunStateStore Store { get; }

    /// <summary>False while the transport cannot take or answer reports (a lost broker connection).</summary>
    bool IsConnected { get; }

    /// <summary>Connects and creates what it needs (streams, consumer, bucket); called when the host starts.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Writes incoming reports into <paramref name="queue"/> until <paramref name="stoppingToken"/> fires; a report not yet written stays unacknowledged.</summary>
    Task RunIntakeAsync(ChannelWriter<ReportEnvelope> queue, CancellationToken stoppingToken);
}
