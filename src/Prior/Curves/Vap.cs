namespace LcPfn.Prior.Curves;

/// <summary>
/// vap (vapour pressure): f(x) = exp(a + b / x + c · ln x). Peaked prior: a ~ U(−2, 0), b ~ U(−4, 0),
/// c = exp(U(−8, 0)). Parameter order: a, b, c.
/// </summary>
public sealed class Vap : CurveFamily
{
    private Vap() : base("vap", "exp(a + b / x + c * ln(x))",
        new CurveParameter("a", ParameterDistribution.Uniform(-2, 0)),
        new CurveParameter("b", ParameterDistribution.Uniform(-4, 0)),
        new CurveParameter("c", ParameterDistribution.LogUniform(-8, 0)))
    {
    }

    /// <summary>The family with the reference's "peaked" prior.</summary>
    public static Vap Peaked { get; } = new();

    /// <inheritdoc/>
    public override double Evaluate(ReadOnlySpan<double> parameters, double x)
    {
        double a = parameters[0], b = parameters[1], c = parameters[2];
        return Math.Exp(a + b / x + c * Math.Log(x));
    }
}
