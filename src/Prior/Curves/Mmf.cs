namespace LcPfn.Prior.Curves;

/// <summary>
/// mmf (Morgan-Mercer-Flodin): f(x) = α − (α − β) / (1 + (κ x)^δ); α upper asymptote, β initial value.
/// Peaked prior: α ~ N(0.8, 0.1), β ~ N(0.2, 0.1), κ ~ LogN(0, 2), δ ~ LogN(0, 1). Parameter order: alpha, beta,
/// kappa, delta.
/// </summary>
public sealed class Mmf : CurveFamily
{
    private Mmf() : base("mmf", "alpha - (alpha - beta) / (1 + (kappa * x)^delta)",
        new CurveParameter("alpha", ParameterDistribution.Normal(0.8, 0.1)),
        new CurveParameter("beta", ParameterDistribution.Normal(0.2, 0.1)),
        new CurveParameter("kappa", ParameterDistribution.LogNormal(0, 2)),
        new CurveParameter("delta", ParameterDistribution.LogNormal(0, 1)))
    {
    }

    /// <summary>The family with the reference's "peaked" prior.</summary>
    public static Mmf Peaked { get; } = new();

    /// <inheritdoc/>
    public override double Evaluate(ReadOnlySpan<double> parameters, double x)
    {
        double alpha = parameters[0], beta = parameters[1], kappa = parameters[2], delta = parameters[3];
        return alpha - (alpha - beta) / (1.0 + Math.Pow(kappa * x, delta));
    }
}
