namespace LcPfn.Prior.Prediction;

/// <summary>
/// Anything that turns partial learning curves into predictive distributions of later epochs: the PFN, and the
/// baselines it is compared with. Implementations validate their input and throw
/// <see cref="InvalidInputException"/> naming the run and the epoch.
/// </summary>
public interface ICurveExtrapolator
{
    /// <summary>A short name for reports (<c>lcpfn</c>, <c>last</c>, <c>powerlaw</c>, <c>mcmc</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Predicts every request's query epochs. The result has one list per request, in order, holding one
    /// distribution per query epoch, in order. Implementations batch requests for throughput.
    /// </summary>
    IReadOnlyList<IReadOnlyList<IPredictiveDistribution>> Extrapolate(
        IReadOnlyList<ExtrapolationRequest> requests,
        CancellationToken cancellationToken = default);
}
