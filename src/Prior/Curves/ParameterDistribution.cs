using LcPfn.Prior.Sampling;

namespace LcPfn.Prior.Curves;

/// <summary>
/// The prior of one curve parameter: it samples, gives its log density (for MCMC baselines) and its analytic mean
/// and quantiles (for tests of the sampler against its definition).
/// </summary>
public abstract record ParameterDistribution
{
    /// <summary>Draws one value.</summary>
    public abstract double Sample(ref PriorRandom rng);

    /// <summary>The natural log of the density at <paramref name="value"/>; negative infinity outside the support.</summary>
    public abstract double LogDensity(double value);

    /// <summary>The analytic mean.</summary>
    public abstract double Mean { get; }

    /// <summary>The analytic quantile at probability <paramref name="p"/> in (0, 1).</summary>
    public abstract double Quantile(double p);

    /// <summary>Uniform on [low, high).</summary>
    public static ParameterDistribution Uniform(double low, double high) => new UniformDistribution(low, high);

    /// <summary>Normal with mean <paramref name="mu"/> and standard deviation <paramref name="sigma"/>.</summary>
    public static ParameterDistribution Normal(double mu, double sigma) => new NormalDistribution(mu, sigma);

    /// <summary>exp(N(mu, sigma^2)): numpy's <c>lognormal(mu, sigma)</c>.</summary>
    public static ParameterDistribution LogNormal(double mu, double sigma) => new LogNormalDistribution(mu, sigma);

    /// <summary>exp(U(logLow, logHigh)).</summary>
    public static ParameterDistribution LogUniform(double logLow, double logHigh) => new LogUniformDistribution(logLow, logHigh);

    /// <summary>1 - exp(U(logLow, logHigh)) (pow4's asymptote c).</summary>
    public static ParameterDistribution OneMinusLogUniform(double logLow, double logHigh) => new OneMinusLogUniformDistribution(logLow, logHigh);
}
