using LcPfn.Prior.Prediction;

namespace LcPfn.EarlyStop.Tests.Fakes;

/// <summary>Uniform on [center − halfWidth, center + halfWidth]: every quantity is exact.</summary>
internal sealed class UniformDistribution(double center, double halfWidth) : IPredictiveDistribution
{
    private double Low => center - halfWidth;
    private double Width => 2 * halfWidth;

    public double Mean => center;
    public double Median => center;
    public double Variance => Width * Width / 12;
    public double Quantile(double probability) => Low + (probability * Width);
    public double Cdf(double value) => Math.Clamp((value - Low) / Width, 0, 1);
    public double LogPdf(double value) => value >= Low && value <= Low + Width ? -Math.Log(Width) : double.NegativeInfinity;
    public double ProbabilityAbove(double threshold) => 1 - Cdf(threshold);
}
