using LcPfn.Prior.Data;
using LcPfn.Prior.Prediction;

namespace LcPfn.EarlyStop.Tests.Evaluation;

/// <summary>A one-bucket "bar distribution": uniform on [Low, High], so its log density is −ln(High − Low) inside.</summary>
internal sealed class UniformPredictive(double low, double high) : IPredictiveDistribution
{
    public double Mean => (low + high) / 2;
    public double Median => Mean;
    public double Variance => (high - low) * (high - low) / 12;
    public double Quantile(double probability) => low + probability * (high - low);
    public double Cdf(double value) => Math.Clamp((value - low) / (high - low), 0, 1);
    public double LogPdf(double value) => value >= low && value <= high ? -Math.Log(high - low) : double.NegativeInfinity;
    public double ProbabilityAbove(double threshold) => 1 - Cdf(threshold);
}

internal static class TestCurves
{
    public static LearningCurve Complete(string id, params double[] values) =>
        new(id, LearningCurve.DefaultStudy, values.Length, Enumerable.Range(1, values.Length).ToArray(), values);
}
