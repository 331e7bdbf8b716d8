using LcPfn.Prior.Sampling;

namespace LcPfn.Prior.Curves;

/// <summary>Normal with mean <paramref name="Mu"/> and standard deviation <paramref name="Sigma"/>.</summary>
/// <param name="Mu">Mean.</param>
/// <param name="Sigma">Standard deviation, positive.</param>
public sealed record NormalDistribution(double Mu, double Sigma) : ParameterDistribution
{
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    /// <inheritdoc/>
    public override double Sample(ref PriorRandom rng) => Mu + Sigma * rng.NextNormal();

    /// <inheritdoc/>
    public override double LogDensity(double value)
    {
        double z = (value - Mu) / Sigma;
        return -0.5 * z * z - Math.Log(Sigma) - HalfLog2Pi;
    }

    /// <inheritdoc/>
    public override double Mean => Mu;

    /// <inheritdoc/>
    public override double Quantile(double p) => MathNet.Numerics.Distributions.Normal.InvCDF(Mu, Sigma, p);
}
