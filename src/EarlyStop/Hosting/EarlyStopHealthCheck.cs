using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LcPfn.EarlyStop.Hosting;

/// <summary>
/// Health of the hosted worker: unhealthy when its loop is not running or the broker connection is lost,
/// degraded when the queue is at least 90 % full (producers are being slowed), healthy otherwise. The data
/// carry the queue depth and the decision count.
/// </summary>
internal sealed class EarlyStopHealthCheck(EarlyStopWorker worker, IReportTransport transport, ReportQueue queue, EarlyStopMetrics metrics) : IHealthCheck
{
    /// <summary>The name it is registered under.</summary>
    public const string Name = "lcpfn-earlystop";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["transport"] = transport.Name,
            ["queue_depth"] = queue.Count,
            ["queue_capacity"] = queue.Capacity,
            ["decisions"] = metrics.DecisionCount,
            ["state"] = worker.State.ToString(),
        };
        HealthCheckResult result;
        if (worker.State != WorkerState.Running)
            result = HealthCheckResult.Unhealthy($"the worker is {worker.State}", data: data);
        else if (!transport.IsConnected)
            result = HealthCheckResult.Unhealthy($"the {transport.Name} transport is disconnected", data: data);
        else if (queue.Count * 10 >= queue.Capacity * 9)
            result = HealthCheckResult.Degraded($"the queue is {queue.Count}/{queue.Capacity} full: producers are being slowed", data: data);
        else
            result = HealthCheckResult.Healthy($"{metrics.DecisionCount} decisions; queue {queue.Count}/{queue.Capacity}", data);
        return Task.FromResult(result);
    }
}
