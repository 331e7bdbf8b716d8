using LcPfn.Prior.Schedules;

namespace LcPfn.EarlyStop.Hosting;

/// <summary>
/// One epoch of one training run, as a trainer reports it to the early-stopping service.
/// On NATS it travels as JSON on <c>lcpfn.reports.&lt;study&gt;.&lt;run&gt;</c> (docs/hosted-worker.md).
/// </summary>
/// <param name="Study">The study the run competes in; runs compete only within a study.</param>
/// <param name="RunId">The run, unique within its study.</param>
/// <param name="Epoch">The 1-based epoch just finished, in 1..<paramref name="Horizon"/>.</param>
/// <param name="Value">The metric after that epoch, finite, in the trainer's units.</param>
/// <param name="Horizon">The run's final epoch (its training budget), at least 1.</param>
/// <param name="Direction">Whether larger or smaller values are better.</param>
public sealed record CurveReport(string Study, string RunId, int Epoch, double Value, int Horizon, MetricDirection Direction = MetricDirection.Maximize)
{
    /// <summary>The run's learning-rate schedule over its horizon (the optional <c>schedule</c> field on NATS), or null (unknown).</summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>The key that names the run across studies: <c>study/run</c>.</summary>
    public string RunKey => $"{Study}/{RunId}";
}
