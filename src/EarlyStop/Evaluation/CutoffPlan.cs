using System.Globalization;
using LcPfn.Prior.Data;
using LcPfn.Prior.Prediction;

namespace LcPfn.EarlyStop.Evaluation;

/// <summary>
/// The evaluation protocol's pure mapping from a curve and a cutoff fraction to one extrapolation request: observe
/// epochs 1..k with k = round(f·H) clamped to [1, H − 1], predict every later observed epoch. Horizons other than 100
/// need no rescaling here: the request carries the horizon, and the PFN maps epoch e to x = e·100/H itself.
/// </summary>
public static class CutoffPlan
{
    /// <summary>The last observed epoch for cutoff fraction <paramref name="fraction"/> of a horizon of <paramref name="horizon"/> (≥ 2) epochs.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The horizon is below 2 or the fraction outside (0, 1).</exception>
    public static int CutoffEpoch(int horizon, double fraction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 2);
        if (!(fraction > 0 && fraction < 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The cutoff fraction must lie in (0, 1).");
        int k = (int)Math.Round(fraction * horizon, MidpointRounding.AwayFromZero);
        return Math.Clamp(k, 1, horizon - 1);
    }

    /// <summary>The JSON key of a cutoff fraction: <c>"0.1"</c>, <c>"0.2"</c>, … (shortest round-trip text).</summary>
    public static string Key(double fraction) => fraction.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// The request for <paramref name="curve"/> observed up to <paramref name="cutoffEpoch"/>: the observed points with
    /// epoch ≤ cutoff as context and the observed epochs after it as queries. <paramref name="truth"/> receives the
    /// observed values at the query epochs.
    /// </summary>
    public static ExtrapolationRequest Request(LearningCurve curve, int cutoffEpoch, out double[] truth)
    {
        ArgumentNullException.ThrowIfNull(curve);
        int split = 0;
        while (split < curve.Count && curve.Epochs[split] <= cutoffEpoch) split++;
        var epochs = curve.Epochs[..split];
        var values = curve.Values[..split];
        var queries = curve.Epochs[split..];
        truth = curve.Values[split..];
        return new ExtrapolationRequest(curve.RunId, epochs, values, curve.Horizon, queries, curve.Schedule);
    }
}
