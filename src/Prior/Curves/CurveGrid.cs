using System.Collections.Concurrent;

namespace LcPfn.Prior.Curves;

/// <summary>
/// The fixed integer grid x = 1..T of the prior with the transcendental values the families need, computed once
/// per horizon: x, ln x and 1 / ln(x + 1). Arrays are padded to a multiple of 8 (padding repeats x = T) so
/// vector kernels never need a scalar tail. Single-precision copies feed the 8-lane float kernels.
/// </summary>
internal sealed class CurveGrid
{
    /// <summary>Padding granularity in elements.</summary>
    public const int Padding = 8;

    private static readonly ConcurrentDictionary<int, CurveGrid> Cache = new();

    private CurveGrid(int horizon)
    {
        Horizon = horizon;
        PaddedLength = (horizon + Padding - 1) / Padding * Padding;
        X = new double[PaddedLength];
        LnX = new double[PaddedLength];
        InvLnX1 = new double[PaddedLength];
        LnXSingle = new float[PaddedLength];
        InvLnX1Single = new float[PaddedLength];
        for (int i = 0; i < PaddedLength; i++)
        {
            double x = Math.Min(i + 1, horizon);
            X[i] = x;
            LnX[i] = Math.Log(x);
            InvLnX1[i] = 1.0 / Math.Log(x + 1.0);
            LnXSingle[i] = (float)LnX[i];
            InvLnX1Single[i] = (float)InvLnX1[i];
        }
    }

    /// <summary>The grid of horizon <paramref name="horizon"/> (shared, immutable).</summary>
    public static CurveGrid For(int horizon) => Cache.GetOrAdd(horizon, h => new CurveGrid(h));

    /// <summary>T: the number of real grid points.</summary>
    public int Horizon { get; }

    /// <summary>ln x in single precision (for the vector kernels).</summary>
    public float[] LnXSingle { get; }

    /// <summary>1 / ln(x + 1) in single precision.</summary>
    public float[] InvLnX1Single { get; }

    /// <summary>ln T.</summary>
    public double LnHorizon => LnX[Horizon - 1];

    /// <summary>T rounded up to a multiple of <see cref="Padding"/>.</summary>
    public int PaddedLength { get; }

    /// <summary>x = 1..T (then T repeated).</summary>
    public double[] X { get; }

    /// <summary>ln x.</summary>
    public double[] LnX { get; }

    /// <summary>1 / ln(x + 1).</summary>
    public double[] InvLnX1 { get; }
}
