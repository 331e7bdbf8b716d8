namespace LcPfn.EarlyStop.Hosting;

/// <summary>
/// The seam between the hosted worker and the early-stopping core: takes a micro-batch of reports with their
/// runs' histories and returns one decision per request, in order, running one batched extrapolation. The
/// worker has no decision logic of its own; it only loads state, calls this, stores and publishes.
/// Implementations must be deterministic in their input (the same request gives the same decision), because
/// redelivered reports and replicas rely on it.
/// </summary>
public interface IDecisionEngine
{
    /// <summary>
    /// Why the engine cannot decide <paramref name="report"/> (a value outside the metric bounds, ...), or null.
    /// The worker sends such a report to the dead letters before deciding the batch.
    /// </summary>
    string? Check(CurveReport report) => null;

    /// <summary>
    /// The report as it is decided and stored, once <see cref="Check"/> passed: the engine may normalise it (the
    /// policy engine clips a value just outside the metric bounds, the rule of <see cref="MetricBounds"/>).
    /// </summary>
    CurveReport Admit(CurveReport report) => report;

    /// <summary>
    /// True when the engine reads <see cref="DecisionRequest.StudyCompleted"/> (online calibration): the worker then
    /// loads the study's completed runs from its state store, so replicas and restarts calibrate alike.
    /// </summary>
    bool NeedsCompletedRuns => false;

    /// <summary>Decides every request; the result has the same length and order as <paramref name="requests"/>.</summary>
    IReadOnlyList<CurveDecision> Decide(IReadOnlyList<DecisionRequest> requests, CancellationToken cancellationToken = default);
}
