namespace LcPfn.EarlyStop;

/// <summary>
/// The one rule for values just outside the metric bounds, shared by every command that reads values: a value
/// outside [lower, upper] by at most <see cref="Tolerance"/> of the bound range (e.g. 1.004 for [0, 1], the noise of
/// the prior's own samples) is clipped to the nearest bound and counted; farther out it is an error as before.
/// With an infinite bound there is no tolerance.
/// </summary>
public static class MetricBounds
{
    /// <summary>The tolerance as a fraction of <c>upper − lower</c>: 0.01 (1 %).</summary>
    public const double Tolerance = 0.01;

    /// <summary>
    /// <paramref name="value"/> if inside the bounds; the nearest bound if outside by at most the tolerance
    /// (<paramref name="clipped"/> true); null if farther out (or NaN).
    /// </summary>
    public static double? Clip(double value, double lower, double upper, out bool clipped)
    {
        clipped = false;
        if (value >= lower && value <= upper) return value;
        var range = upper - lower;
        var slack = double.IsFinite(range) ? Tolerance * range : 0;
        if (value < lower && value >= lower - slack)
        {
            clipped = true;
            return lower;
        }
        if (value > upper && value <= upper + slack)
        {
            clipped = true;
            return upper;
        }
        return null;
    }
}
