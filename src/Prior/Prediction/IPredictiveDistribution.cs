namespace LcPfn.Prior.Prediction;

/// <summary>
/// The predictive distribution of one curve value at one epoch, in the units the extrapolator was asked in.
/// Implemented by the PFN's bar distribution and by every baseline (last value, power law, MCMC), so that
/// evaluation and early stopping treat them alike.
/// </summary>
public interface IPredictiveDistribution
{
    /// <summary>The mean E[Y].</summary>
    double Mean { get; }

    /// <summary>The median, <c>Quantile(0.5)</c>.</summary>
    double Median { get; }

    /// <summary>The variance Var[Y].</summary>
    double Variance { get; }

    /// <summary>The inverse cdf at <paramref name="probability"/> in (0, 1).</summary>
    double Quantile(double probability);

    /// <summary>P(Y ≤ <paramref name="value"/>).</summary>
    double Cdf(double value);

    /// <summary>The log density at <paramref name="value"/>.</summary>
    double LogPdf(double value);

    /// <summary>P(Y &gt; <paramref name="threshold"/>) = 1 − Cdf(threshold), computed without cancellation where possible.</summary>
    double ProbabilityAbove(double threshold);
}
