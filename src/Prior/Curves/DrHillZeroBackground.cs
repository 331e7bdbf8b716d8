namespace LcPfn.Prior.Curves;

/// <summary>
/// dr_hill_zero_background: f(x) = θ · x^η / (κ^η + x^η); θ upper bound, η growth rate.
/// Peaked prior: θ ~ N(0.8, 0.1), η ~ LogN(1, 1), κ ~ LogN(1, 2). Parameter order: theta, eta, kappa.
/// </summary>
public sealed class DrHillZeroBackground : CurveFamily
{
    private DrHillZeroBackground() : base("dr_hill_zero_background", "theta * x^eta / (kappa^eta + x^eta)",
        new CurveParameter("theta", ParameterDistribution.Normal(0.8, 0.1)),
        new CurveParameter("eta", ParameterDistribution.LogNormal(1, 1)),
        new CurveParameter("kappa", ParameterDistribution.LogNormal(1, 2)))
    {
    }

    /// <summary>The family with the reference's "peaked" prior.</summary>
    public static DrHillZeroBackground Peaked { get; } = new();

    /// <inheritdoc/>
    public override double Evaluate(ReadOnlySpan<double> parameters, double x)
    {
        double theta = parameters[0], eta = parameters[1], kappa = parameters[2];
        double xe = Math.Pow(x, eta);
        return theta * xe / (Math.Pow(kappa, eta) + xe);
    }
}
