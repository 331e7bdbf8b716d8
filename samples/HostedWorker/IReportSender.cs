using LcPfn.EarlyStop.Hosting;

namespace LcPfn.Samples.HostedWorker;

/// <summary>How the simulated trainer reaches the worker: in-process, or over NATS.</summary>
internal interface IReportSender
{
    /// <summary>Sends one epoch's report and waits for the worker's decision.</summary>
    Task<CurveDecision> SendAsync(CurveReport report, CancellationToken cancellationToken);
}

/// <summary>The in-process transport: <see cref="IEarlyStopClient"/> queues the report and awaits its decision.</summary>
internal sealed class InProcReportSender(IEarlyStopClient client) : IReportSender
{
    public Task<CurveDecision> SendAsync(CurveReport report, CancellationToken cancellationToken) => client.ReportAsync(report, cancellationToken);
}
