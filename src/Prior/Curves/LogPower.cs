namespace LcPfn.Prior.Curves;

/// <summary>
/// log_power: f(x) = a / (1 + (x / e^b)^c); a is the upper bound, c (negative) the growth rate.
/// Peaked prior: a ~ N(0.8, 0.1), b ~ N(1, 1), c ~ U(−3, 0). Parameter order: a, b, c.
/// </summary>
public sealed class LogPower : CurveFamily
{
    private LogPower() : base("log_power", "a / (1 + (x / exp(b))^c)",
        new CurveParameter("a", ParameterDistribution.Normal(0.8, 0.1)),
        new CurveParameter("b", ParameterDistribution.Normal(1, 1)),
        new CurveParameter("c", ParameterDistribution.Uniform(-3, 0)))
    {
    }

    /// <summary>The family with the reference's "peaked" prior.</summary>
    public static LogPower Peaked { get; } = new();

    /// <inheritdoc/>
    public override double Evaluate(ReadOnlySpan<double> parameters, double x)
    {
        double a = parameters[0], b = parameters[1], c = parameters[2];
        return a / (1.0 + Math.Pow(x / Math.Exp(b), c));
    }
}
