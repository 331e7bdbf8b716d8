namespace LcPfn.Prior.Curves;

/// <summary>
/// Janoschek: f(x) = a − (a − β) · exp(−k · x^δ); a is the upper asymptote and β the value at x → 0.
/// Peaked prior: a ~ U(0, 1), β ~ U(0, 2), k ~ LogN(−2, 1), δ ~ LogN(0, 0.5). Uniform variant: a ~ U(0, 1),
/// β ~ U(0, 2), k ~ U(0, 1), δ ~ U(−5, 5). Parameter order: a, beta, k, delta.
/// </summary>
public sealed class Janoschek : CurveFamily
{
    private Janoschek(string name, params CurveParameter[] parameters) : base(name, "a - (a - beta) * exp(-k * x^delta)", parameters) { }

    /// <summary>The "peaked" prior of the reference (used by the default LC-PFN prior).</summary>
    public static Janoschek Peaked { get; } = new("janoschek",
        new CurveParameter("a", ParameterDistribution.Uniform(0, 1)),
        new CurveParameter("beta", ParameterDistribution.Uniform(0, 2)),
        new CurveParameter("k", ParameterDistribution.LogNormal(-2, 1)),
        new CurveParameter("delta", ParameterDistribution.LogNormal(0, 0.5)));

    /// <summary>The "uniform" prior of the reference.</summary>
    public static Janoschek Uniform { get; } = new("janoschek_uniform",
        new CurveParameter("a", ParameterDistribution.Uniform(0, 1)),
        new CurveParameter("beta", ParameterDistribution.Uniform(0, 2)),
        new CurveParameter("k", ParameterDistribution.Uniform(0, 1)),
        new CurveParameter("delta", ParameterDistribution.Uniform(-5, 5)));

    /// <inheritdoc/>
    public override double Evaluate(ReadOnlySpan<double> parameters, double x)
    {
        double a = parameters[0], beta = parameters[1], k = parameters[2], delta = parameters[3];
        return a - (a - beta) * Math.Exp(-k * Math.Pow(x, delta));
    }
}
