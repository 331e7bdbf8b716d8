namespace LcPfn.Prior.Mcmc;

/// <summary>
/// An unnormalised log density log p(θ) for the <see cref="EnsembleSampler"/>: negative infinity outside the support.
/// It is called from several threads at once, so it must be thread-safe (pure, or with per-call scratch space).
/// </summary>
/// <param name="theta">The point, one value per dimension.</param>
/// <returns>log p(θ) up to a constant; never NaN (treat NaN as negative infinity).</returns>
public delegate double LogProbabilityFunction(ReadOnlySpan<double> theta);
