namespace LcPfn.EarlyStop.Hosting;

/// <summary>A stored value with the revision a compare-and-set must name; revision 0 means "not stored yet".</summary>
internal readonly record struct Versioned<T>(T? Value, ulong Revision) where T : class;

/// <summary>
/// Where run state and study bests live: process memory for inproc, a JetStream key-value bucket for NATS.
/// Every write is a compare-and-set on the revision that was read, which is what makes replicas and
/// redeliveries safe.
/// </summary>
internal interface IRunStateStore
{
    /// <summary>The run's state, or a null value with revision 0.</summary>
    ValueTask<Versioned<RunState>> GetRunAsync(string study, string runId, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="state"/> if the stored revision is still <paramref name="expectedRevision"/>; false if someone else wrote first.</summary>
    ValueTask<bool> TryPutRunAsync(RunState state, ulong expectedRevision, CancellationToken cancellationToken);

    /// <summary>The study's best final value, or null.</summary>
    ValueTask<double?> GetStudyBestAsync(string study, CancellationToken cancellationToken);

    /// <summary>Raises (or, for minimised metrics, lowers) the study's best to <paramref name="finalValue"/> if it improves on it. Idempotent.</summary>
    ValueTask OfferStudyBestAsync(string study, double finalValue, MetricDirection direction, CancellationToken cancellationToken);

    /// <summary>The ids of the study's runs that reached their horizon, in the order they were recorded.</summary>
    ValueTask<IReadOnlyList<string>> GetStudyCompletedAsync(string study, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="runId"/> reached its horizon. Idempotent.</summary>
    ValueTask AddStudyCompletedAsync(string study, string runId, CancellationToken cancellationToken);
}
