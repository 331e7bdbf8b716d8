namespace LcPfn.EarlyStop.Calibration;

/// <summary>
/// The fitted map of one cutoff-fraction bin. A raw forecast F with median m becomes
/// G(y) = R(F(m + (y − m − Shift)/Scale)): first a location-scale step about the median (shift the median by
/// <see cref="Shift"/>, stretch the spread by <see cref="Scale"/>), then the quantile recalibration R, a strictly
/// increasing piecewise-linear map of [0, 1] through (<see cref="KnotLevels"/>, <see cref="KnotFrequencies"/>).
/// The identity has Shift 0, Scale 1 and no knots. A DTO: it is saved as JSON.
/// </summary>
public sealed class CalibrationBin
{
    /// <summary>The lower edge of the bin's cutoff fractions (inclusive).</summary>
    public double Lower { get; set; }

    /// <summary>The upper edge (exclusive, except 1).</summary>
    public double Upper { get; set; } = 1;

    /// <summary>How many runs the map was fitted on (after pooling); 0 for the identity.</summary>
    public int Runs { get; set; }

    /// <summary>How many pairs the map was fitted on (after pooling).</summary>
    public int Pairs { get; set; }

    /// <summary>Added to the raw median, in model units.</summary>
    public double Shift { get; set; }

    /// <summary>The factor on the raw spread about the median, positive.</summary>
    public double Scale { get; set; } = 1;

    /// <summary>Interior knots of R: PIT levels, strictly increasing in (0, 1). Empty for the identity.</summary>
    public double[] KnotLevels { get; set; } = [];

    /// <summary>Interior knots of R: calibrated levels, strictly increasing in (0, 1), one per <see cref="KnotLevels"/>.</summary>
    public double[] KnotFrequencies { get; set; } = [];

    /// <summary>True when the bin changes nothing.</summary>
    public bool IsIdentity => Shift == 0 && Scale == 1 && KnotLevels.Length == 0;

    /// <summary>The identity bin over [<paramref name="lower"/>, <paramref name="upper"/>).</summary>
    public static CalibrationBin Identity(double lower, double upper) => new() { Lower = lower, Upper = upper };

    /// <summary>R(u), with R at lead <paramref name="lead"/> blended towards the identity: lead·R(u) + (1 − lead)·u.</summary>
    internal double Map(double u, double lead)
    {
        if (KnotLevels.Length == 0 || lead <= 0) return u;
        u = Math.Clamp(u, 0, 1);
        var (lo, hi, uLo, uHi, rLo, rHi) = Segment(u);
        _ = lo; _ = hi;
        double r = rLo + (rHi - rLo) * (u - uLo) / (uHi - uLo);
        return lead * r + (1 - lead) * u;
    }

    /// <summary>1 − R(1 − <paramref name="upperTail"/>) computed from the upper tail, without cancellation near 1.</summary>
    internal double MapUpperTail(double upperTail, double lead)
    {
        if (KnotLevels.Length == 0 || lead <= 0) return upperTail;
        upperTail = Math.Clamp(upperTail, 0, 1);
        double u = 1 - upperTail;
        var (_, _, uLo, uHi, rLo, rHi) = Segment(u);
        // 1 − R(u) = (1 − rHi) + (rHi − rLo)·(uHi − u)/(uHi − uLo), and uHi − u = upperTail − (1 − uHi).
        double distance = Math.Max(upperTail - (1 - uHi), 0);
        double tail = (1 - rHi) + (rHi - rLo) * distance / (uHi - uLo);
        return lead * tail + (1 - lead) * upperTail;
    }

    /// <summary>dR/du at <paramref name="u"/> for lead <paramref name="lead"/>.</summary>
    internal double Slope(double u, double lead)
    {
        if (KnotLevels.Length == 0 || lead <= 0) return 1;
        var (_, _, uLo, uHi, rLo, rHi) = Segment(Math.Clamp(u, 0, 1));
        return lead * (rHi - rLo) / (uHi - uLo) + (1 - lead);
    }

    /// <summary>R⁻¹(p) for lead <paramref name="lead"/> (bisection on the blended map, which is strictly increasing).</summary>
    internal double Inverse(double p, double lead)
    {
        if (KnotLevels.Length == 0 || lead <= 0) return p;
        if (p <= 0) return 0;
        if (p >= 1) return 1;
        if (lead >= 1)
        {
            // Exact: find the segment by frequency.
            int n = KnotFrequencies.Length;
            int k = Array.BinarySearch(KnotFrequencies, p);
            if (k >= 0) return KnotLevels[k];
            k = ~k; // first knot with frequency > p
            double rLo = k == 0 ? 0 : KnotFrequencies[k - 1], rHi = k == n ? 1 : KnotFrequencies[k];
            double uLo = k == 0 ? 0 : KnotLevels[k - 1], uHi = k == n ? 1 : KnotLevels[k];
            return uLo + (uHi - uLo) * (p - rLo) / (rHi - rLo);
        }
        double a = 0, b = 1;
        for (int i = 0; i < 60; i++)
        {
            double mid = 0.5 * (a + b);
            if (Map(mid, lead) < p) a = mid; else b = mid;
        }
        return 0.5 * (a + b);
    }

    private (int Lo, int Hi, double ULo, double UHi, double RLo, double RHi) Segment(double u)
    {
        int n = KnotLevels.Length;
        int k = Array.BinarySearch(KnotLevels, u);
        if (k < 0) k = ~k; // first knot with level > u (or == u at k)
        // Segment [k-1, k] in the padded knots (0,0), knots…, (1,1).
        double uLo = k == 0 ? 0 : KnotLevels[k - 1], rLo = k == 0 ? 0 : KnotFrequencies[k - 1];
        double uHi = k == n ? 1 : KnotLevels[k], rHi = k == n ? 1 : KnotFrequencies[k];
        if (uHi <= uLo) { uHi = uLo + 1e-15; }
        return (k - 1, k, uLo, uHi, rLo, rHi);
    }
}
