using LcPfn.Prior.Prediction;

namespace LcPfn.Prior.Mcmc;

/// <summary>
/// The MCMC fit of one request: the predictive of every query epoch, the posterior it sampled and the kept chain
/// with its diagnostics (acceptance fraction, autocorrelation times).
/// </summary>
/// <param name="RunId">The request's run id.</param>
/// <param name="Predictions">One <see cref="MixtureOfGaussians"/> per query epoch, in order.</param>
/// <param name="Posterior">The posterior that was sampled (model and observed points on the model grid).</param>
/// <param name="Chain">The kept chain (after burn-in and thinning) with its diagnostics.</param>
public sealed record McmcFit(
    string RunId,
    IReadOnlyList<IPredictiveDistribution> Predictions,
    DomhanPosterior Posterior,
    EnsembleChain Chain);
