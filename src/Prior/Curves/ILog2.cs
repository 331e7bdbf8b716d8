using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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

    /// <summary>Both endpoints from the 1 / ln(x + 1) table.</summary>
    internal override (double First, double Last) EvaluateEndpoints(ReadOnlySpan<double> parameters, CurveGrid grid)
    {
        double a = parameters[0], c = parameters[1];
        return (c - a * grid.InvLnX1[0], c - a * grid.InvLnX1[grid.Horizon - 1]);
    }

    /// <summary>Vector kernel: w·c − w·a · (1 / ln(x + 1)) from the precomputed table; no transcendental calls.</summary>
    internal override void Accumulate(ReadOnlySpan<double> parameters, double weight, CurveGrid grid, int start, Span<float> sum)
    {
        var wc = Vector256.Create((float)(weight * parameters[1]));
        var wa = Vector256.Create((float)(weight * parameters[0]));
        ref float inv = ref grid.InvLnX1Single[start];
        ref float s = ref MemoryMarshal.GetReference(sum);
        for (nuint i = 0; i < (nuint)sum.Length; i += (nuint)Vector256<float>.Count)
            (Vector256.LoadUnsafe(ref s, i) + wc - wa * Vector256.LoadUnsafe(ref inv, i)).StoreUnsafe(ref s, i);
    }
}
