using LcPfn.Prior.Sampling;

namespace LcPfn.Prior.Curves;

/// <summary>exp(U(<paramref name="LogLow"/>, <paramref name="LogHigh"/>)).</summary>
/// <param name="LogLow">Lower bound of the log.</param>
/// <param name="LogHigh">Upper bound of the log, above <paramref name="LogLow"/>.</param>
public sealed record LogUniformDistribution(double LogLow, double LogHigh) : ParameterDistribution
{
    /// <inheritdoc/>
    public override double Sample(ref PriorRandom rng) => Math.Exp(rng.NextUniform(LogLow, LogHigh));

    /// <inheritdoc/>
    public override double LogDensity(double value)
    {
        if (!(value > 0)) return double.NegativeInfinity;
        double ln = Math.Log(value);
        return ln >= LogLow && ln <= LogHigh ? -Math.Log(LogHigh - LogLow) - ln : double.NegativeInfinity;
    }

    /// <inheritdoc/>
    public override double Mean => (Math.Exp(LogHigh) - Math.Exp(LogLow)) / (LogHigh - LogLow);

    /// <inheritdoc/>
    public override double Quantile(double p) => Math.Exp(LogLow + p * (LogHigh - LogLow));
}
