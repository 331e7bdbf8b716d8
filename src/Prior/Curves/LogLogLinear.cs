namespace LcPfn.Prior.Curves;

/// <summary>
/// loglog_linear: f(x) = ln(a · ln x + b). Peaked prior: a ~ LogN(−2, 1), b = exp(U(0, 1)). Parameter order: a, b.
/// </summary>
public sealed class LogLogLinear : CurveFamily
{
    private LogLogLinear() : base("loglog_linear", "ln(a * ln(x) + b)",
        new CurveParameter("a", ParameterDistribution.LogNormal(-2, 1)),
        new CurveParameter("b", ParameterDistribution.LogUniform(0, 1)))
    {
    }

    /// <summary>The family with the reference's "peaked" prior.</summary>
    public static LogLogLinear Peaked { get; } = new();

    /// <inheritdoc/>
    public override double Evaluate(ReadOnlySpan<double> parameters, double x)
    {
        double a = parameters[0], b = parameters[1];
        return Math.Log(a * Math.Log(x) + b);
    }
}
