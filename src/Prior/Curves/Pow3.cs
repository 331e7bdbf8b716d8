using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LcPfn.Prior.Curves;

/// <summary>
/// pow3: f(x) = c − a · x^(−α). Peaked prior (default LC-PFN prior): a ~ U(−0.6, 0.6), c ~ U(0, 1.25),
/// α ~ LogN(0, 2). Uniform variant: a ~ U(−1, 1), c ~ U(0, 1), α ~ U(0, 1). Parameter order: a, c, alpha.
/// </summary>
public sealed class Pow3 : CurveFamily
{
    private Pow3(string name, params CurveParameter[] parameters) : base(name, "c - a * x^(-alpha)", parameters) { }

    /// <summary>The "peaked" prior of the reference (used by the default LC-PFN prior).</summary>
    public static Pow3 Peaked { get; } = new("pow3",
        new CurveParameter("a", ParameterDistribution.Uniform(-0.6, 0.6)),
        new CurveParameter("c", ParameterDistribution.Uniform(0, 1.25)),
        new CurveParameter("alpha", ParameterDistribution.LogNormal(0, 2)));

    /// <summary>The "uniform" prior of the reference.</summary>
    public static Pow3 Uniform { get; } = new("pow3_uniform",
        new CurveParameter("a", ParameterDistribution.Uniform(-1, 1)),
        new CurveParameter("c", ParameterDistribution.Uniform(0, 1)),
        new CurveParameter("alpha", ParameterDistribution.Uniform(0, 1)));

    /// <inheritdoc/>
    public override double Evaluate(ReadOnlySpan<double> parameters, double x)
    {
        double a = parameters[0], c = parameters[1], alpha = parameters[2];
        return c - a * Math.Pow(x, -alpha);
    }

    /// <summary>f(1) = c − a; f(T) = c − a·exp(−α ln T).</summary>
    internal override (double First, double Last) EvaluateEndpoints(ReadOnlySpan<double> parameters, CurveGrid grid)
    {
        double a = parameters[0], c = parameters[1], alpha = parameters[2];
        return (c - a, c - a * Math.Exp(-alpha * grid.LnHorizon));
    }

    /// <summary>Vector kernel: w·c − w·a·exp(−α·ln x) over the precomputed ln x table, 8 lanes of float.</summary>
    internal override void Accumulate(ReadOnlySpan<double> parameters, double weight, CurveGrid grid, int start, Span<float> sum)
    {
        var wc = Vector256.Create((float)(weight * parameters[1]));
        var wa = Vector256.Create((float)(weight * parameters[0]));
        var minusAlpha = Vector256.Create((float)-parameters[2]);
        ref float lnx = ref grid.LnXSingle[start];
        ref float s = ref MemoryMarshal.GetReference(sum);
        for (nuint i = 0; i < (nuint)sum.Length; i += (nuint)Vector256<float>.Count)
        {
            var power = VectorMath.Exp(minusAlpha * Vector256.LoadUnsafe(ref lnx, i));
            (Vector256.LoadUnsafe(ref s, i) + wc - wa * power).StoreUnsafe(ref s, i);
        }
    }
}
