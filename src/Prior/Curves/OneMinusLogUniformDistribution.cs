using LcPfn.Prior.Sampling;

namespace LcPfn.Prior.Curves;

/// <summary>1 − exp(U(<paramref name="LogLow"/>, <paramref name="LogHigh"/>)): pow4's asymptote, "ln(1 − c) ~ U(−5, 0)".</summary>
/// <param name="LogLow">Lower bound of ln(1 − value).</param>
/// <param name="LogHigh">Upper bound of ln(1 − value), above <paramref name="LogLow"/>.</param>
public sealed record OneMinusLogUniformDistribution(double LogLow, double LogHigh) : ParameterDistribution
{
    /// <inheritdoc/>
    public override double Sample(ref PriorRandom rng) => 1.0 - Math.Exp(rng.NextUniform(LogLow, LogHigh));

    /// <inheritdoc/>
    public override double LogDensity(double value)
    {
        double rest = 1.0 - value;
        if (!(rest > 0)) return double.NegativeInfinity;
        double ln = Math.Log(rest);
        return ln >= LogLow && ln <= LogHigh ? -Math.Log(LogHigh - LogLow) - ln : double.NegativeInfinity;
    }

    /// <inheritdoc/>
    public override double Mean => 1.0 - (Math.Exp(LogHigh) - Math.Exp(LogLow)) / (LogHigh - LogLow);

    /// <inheritdoc/>
    public override double Quantile(double p) => 1.0 - Math.Exp(LogHigh - p * (LogHigh - LogLow));
}
