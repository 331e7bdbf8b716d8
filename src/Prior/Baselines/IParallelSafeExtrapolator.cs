using LcPfn.Prior.Prediction;

namespace LcPfn.Prior.Baselines;

/// <summary>
/// Marks a managed extrapolator whose <see cref="ICurveExtrapolator.Extrapolate"/> may be called from several threads
/// at once and gains from it (one request costs CPU time, not a device call). The evaluation runs batches of such
/// extrapolators in parallel; others (the PFN, which batches and threads itself) get one batch at a time.
/// </summary>
public interface IParallelSafeExtrapolator : ICurveExtrapolator
{
    /// <summary>
    /// How many requests so far could not be served by the method itself and fell back to a simpler one (for the
    /// power law: fits that failed and used the last value). Thread-safe, only grows.
    /// </summary>
    long FallbackCount { get; }
}
