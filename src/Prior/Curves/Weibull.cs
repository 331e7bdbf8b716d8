namespace LcPfn.Prior.Curves;

/// <summary>
/// weibull: f(x) = α − (α − β) · exp(−(κ x)^δ); α upper and β lower asymptote, κ growth rate, δ shape.
/// Peaked prior: α ~ U(0, 1.5), β ~ U(0, 1), κ ~ LogN(−2, 1), δ ~ LogN(0, 0.5). Parameter order: alpha, beta,
/// kappa, delta.
/// </summary>
public sealed class Weibull : CurveFamily
{
    private Weibull() : base("weibull", "alpha - (alpha - beta) * exp(-(kappa * x)^delta)",
        new CurveParameter("alpha", ParameterDistribution.Uniform(0, 1.5)),
        new CurveParameter("beta", ParameterDistribution.Uniform(0, 1)),
        new CurveParameter("kappa", ParameterDistribution.LogNormal(-2, 1)),
        new CurveParameter("delta", ParameterDistribution.LogNormal(0, 0.5)))
    {
    }

    /// <summary>The family with the reference's "peaked" prior.</summary>
    public static Weibull Peaked { get; } = new();

    /// <inheritdoc/>
    public override double Evaluate(ReadOnlySpan<double> parameters, double x)
    {
        double alpha = parameters[0], beta = parameters[1], kappa = parameters[2], delta = parameters[3];
        return alpha - (alpha - beta) * Math.Exp(-Math.Pow(kappa * x, delta));
    }
}
