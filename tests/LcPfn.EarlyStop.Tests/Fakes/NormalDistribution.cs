using LcPfn.Prior.Prediction;
using MathNet.Numerics.Distributions;

namespace LcPfn.EarlyStop.Tests.Fakes;

/// <summary>A normal predictive distribution, for constructed cases whose numbers can be worked out by hand.</summary>
internal sealed class NormalDistribution(double mean, double sd) : IPredictiveDistribution
{
    private readonly Normal normal = new(mean, sd);

    public double Mean => mean;
    public double Median => mean;
    public double Variance => sd * sd;
    public double Quantile(double probability) => normal.InverseCumulativeDistribution(probability);
    public double Cdf(double value) => normal.CumulativeDistribution(value);
    public double LogPdf(double value) => normal.DensityLn(value);
    public double ProbabilityAbove(double threshold) => Normal.CDF(-mean, sd, -threshold);
}
