namespace LcPfn.Prior.Curves;

/// <summary>
/// pow4: f(x) = c − (a · x + b)^(−α). Peaked prior: c = 1 − exp(U(−5, 0)), a ~ LogN(−3, 2), α ~ LogN(0, 1),
/// b = exp(U(0, 1)). Parameter order: c, a, alpha, b (the reference's sampling order).
/// </summary>
public sealed class Pow4 : CurveFamily
{
    private Pow4() : base("pow4", "c - (a * x + b)^(-alpha)",
        new CurveParameter("c", ParameterDistribution.OneMinusLogUniform(-5, 0)),
        new CurveParameter("a", ParameterDistribution.LogNormal(-3, 2)),
        new CurveParameter("alpha", ParameterDistribution.LogNormal(0, 1)),
        new CurveParameter("b", ParameterDistribution.LogUniform(0, 1)))
    {
    }

    /// <summary>The family with the reference's "peaked" prior.</summary>
    public static Pow4 Peaked { get; } = new();

    /// <inheritdoc/>
    public override double Evaluate(ReadOnlySpan<double> parameters, double x)
    {
        double c = parameters[0], a = parameters[1], alpha = parameters[2], b = parameters[3];
        return c - Math.Pow(a * x + b, -alpha);
    }
}
