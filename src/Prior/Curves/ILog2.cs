namespace LcPfn.Prior.Curves;

/// <summary>
/// ilog2: f(x) = c − a / ln(x + 1). Peaked prior: c ~ U(0, 1), a ~ U(−0.5, 0.5). Uniform variant: c ~ U(0, 1),
/// a ~ U(−1, 1). Parameter order: a, c.
/// </summary>
public sealed class ILog2 : CurveFamily
{
    private ILog2(string name, params CurveParameter[] parameters) : base(name, "c - a / ln(x + 1)", parameters) { }

    /// <summary>The "peaked" prior of the reference (used by the default LC-PFN prior).</summary>
    public static ILog2 Peaked { get; } = new("ilog2",
        new CurveParameter("a", ParameterDistribution.Uniform(-0.5, 0.5)),
        new CurveParameter("c", ParameterDistribution.Uniform(0, 1)));

    /// <summary>The "uniform" prior of the reference.</summary>
    public static ILog2 Uniform { get; } = new("ilog2_uniform",
        new CurveParameter("a", ParameterDistribution.Uniform(-1, 1)),
        new CurveParameter("c", ParameterDistribution.Uniform(0, 1)));

    /// <inheritdoc/>
    public override double Evaluate(ReadOnlySpan<double> parameters, double x)
    {
        double a = parameters[0], c = parameters[1];
        return c - a / Math.Log(x + 1.0);
    }
}
