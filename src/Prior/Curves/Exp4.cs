namespace LcPfn.Prior.Curves;

/// <summary>
/// exp4: f(x) = c − exp(−a · x^α + b). Peaked prior: c ~ N(0.8, 0.1), a ~ LogN(−2, 1), α ~ LogN(0, 1),
/// b ~ LogN(0, 0.5). Parameter order: c, a, alpha, b (the reference's sampling order).
/// </summary>
public sealed class Exp4 : CurveFamily
{
    private Exp4() : base("exp4", "c - exp(-a * x^alpha + b)",
        new CurveParameter("c", ParameterDistribution.Normal(0.8, 0.1)),
        new CurveParameter("a", ParameterDistribution.LogNormal(-2, 1)),
        new CurveParameter("alpha", ParameterDistribution.LogNormal(0, 1)),
        new CurveParameter("b", ParameterDistribution.LogNormal(0, 0.5)))
    {
    }

    /// <summary>The family with the reference's "peaked" prior.</summary>
    public static Exp4 Peaked { get; } = new();

    /// <inheritdoc/>
    public override double Evaluate(ReadOnlySpan<double> parameters, double x)
    {
        double c = parameters[0], a = parameters[1], alpha = parameters[2], b = parameters[3];
        return c - Math.Exp(-a * Math.Pow(x, alpha) + b);
    }
}
