using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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

    /// <summary>f(1) = a − (a − β)·exp(−k); f(T) = a − (a − β)·exp(−k·exp(δ ln T)).</summary>
    internal override (double First, double Last) EvaluateEndpoints(ReadOnlySpan<double> parameters, CurveGrid grid)
    {
        double a = parameters[0], beta = parameters[1], k = parameters[2], delta = parameters[3];
        return (a - (a - beta) * Math.Exp(-k), a - (a - beta) * Math.Exp(-k * Math.Exp(delta * grid.LnHorizon)));
    }

    /// <summary>Vector kernel: w·a − w·(a − β)·exp(−k·exp(δ·ln x)) over the precomputed ln x table, 8 lanes of float.</summary>
    internal override void Accumulate(ReadOnlySpan<double> parameters, double weight, CurveGrid grid, int start, Span<float> sum)
    {
        double a = parameters[0], beta = parameters[1];
        var wa = Vector256.Create((float)(weight * a));
        var wRange = Vector256.Create((float)(weight * (a - beta)));
        var minusK = Vector256.Create((float)-parameters[2]);
        var delta = Vector256.Create((float)parameters[3]);
        ref float lnx = ref grid.LnXSingle[start];
        ref float s = ref MemoryMarshal.GetReference(sum);
        for (nuint i = 0; i < (nuint)sum.Length; i += (nuint)Vector256<float>.Count)
        {
            var decay = VectorMath.Exp(minusK * VectorMath.Exp(delta * Vector256.LoadUnsafe(ref lnx, i)));
            (Vector256.LoadUnsafe(ref s, i) + wa - wRange * decay).StoreUnsafe(ref s, i);
        }
    }
}
