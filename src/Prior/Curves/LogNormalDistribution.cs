using LcPfn.Prior.Sampling;

namespace LcPfn.Prior.Curves;

/// <summary>exp(N(<paramref name="Mu"/>, <paramref name="Sigma"/>²)), i.e. numpy's <c>lognormal(mu, sigma)</c>.</summary>
/// <param name="Mu">Mean of the log.</param>
/// <param name="Sigma">Standard deviation of the log, positive.</param>
public sealed record LogNormalDistribution(double Mu, double Sigma) : ParameterDistribution
{
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    /// <inheritdoc/>
    public override double Sample(ref PriorRandom rng) => Math.Exp(Mu + Sigma * rng.NextNormal());

    /// <inheritdoc/>
    public override double LogDensity(double value)
    {
        if (!(value > 0)) return double.NegativeInfinity;
        double ln = Math.Log(value);
        double z = (ln - Mu) / Sigma;
        return -0.5 * z * z - Math.Log(Sigma) - HalfLog2Pi - ln;
    }

    /// <inheritdoc/>
    public override double Mean => Math.Exp(Mu + 0.5 * Sigma * Sigma);

    /// <inheritdoc/>
    public override double Quantile(double p) => Math.Exp(MathNet.Numerics.Distributions.Normal.InvCDF(Mu, Sigma, p));
}
