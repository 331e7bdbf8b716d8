namespace LcPfn.EarlyStop.Hosting;

/// <summary>
/// The in-process way to report an epoch to the hosted worker (transport <c>inproc</c>) and await its decision.
/// When the worker's queue is full the call waits (back-pressure) rather than dropping the report.
/// </summary>
public interface IEarlyStopClient
{
    /// <summary>
    /// Queues <paramref name="report"/> and completes with its decision. An invalid report (NaN, epoch beyond the
    /// horizon, ...) faults with <see cref="LcPfn.Prior.InvalidInputException"/> naming the problem; a stopping worker
    /// faults with <see cref="InvalidOperationException"/>.
    /// </summary>
    Task<CurveDecision> ReportAsync(CurveReport report, CancellationToken cancellationToken = default);
}
