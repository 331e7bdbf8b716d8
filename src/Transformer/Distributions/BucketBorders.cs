using LcPfn.Prior;

namespace LcPfn.Transformer.Distributions;

/// <summary>
/// Equal-mass bucket borders from prior samples (spec §3.1): sort N values (NaNs dropped, N truncated to a multiple
/// of K), put each interior border halfway between the last value of one bucket and the first of the next, and the
/// outer borders at the sample minimum and maximum.
/// </summary>
public static class BucketBorders
{
    /// <summary>Number of prior values the reference uses (10,000 curves × 100 epochs).</summary>
    public const int DefaultSampleCount = 1_000_000;

    /// <summary>Computes K + 1 borders from the values.</summary>
    /// <param name="values">Prior samples (any order; NaNs are dropped).</param>
    /// <param name="buckets">K ≥ 2.</param>
    /// <exception cref="InvalidInputException">Fewer than K finite values, or so many ties that borders are not strictly increasing.</exception>
    public static double[] FromSamples(ReadOnlySpan<float> values, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 2);
        var finite = new List<double>(values.Length);
        foreach (float v in values) if (!float.IsNaN(v)) finite.Add(v);
        int perBucket = finite.Count / buckets;
        if (perBucket == 0)
            throw new InvalidInputException($"{buckets} buckets need at least {buckets} values; got {finite.Count} (after dropping NaNs).");
        var sorted = finite.ToArray();
        Array.Sort(sorted);
        int n = perBucket * buckets;                  // truncate to a multiple of K (drops the largest values, as the reference)
        var borders = new double[buckets + 1];
        borders[0] = sorted[0];
        borders[buckets] = sorted[n - 1];
        for (int k = 1; k < buckets; k++)
            borders[k] = 0.5 * (sorted[k * perBucket - 1] + sorted[k * perBucket]);
        for (int k = 1; k <= buckets; k++)
        {
            if (borders[k] <= borders[k - 1])
                throw new InvalidInputException($"Bucket borders {k - 1} and {k} coincide ({borders[k]}): the sample has too many ties for {buckets} buckets.");
        }
        return borders;
    }
}
