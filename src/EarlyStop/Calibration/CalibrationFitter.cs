namespace LcPfn.EarlyStop.Calibration;

/// <summary>
/// Fits a <see cref="CalibrationModel"/> from (forecast, actual) pairs. Per cutoff-fraction bin (pooled with its
/// nearest bins while it has pairs from fewer than <see cref="CalibrationOptions.MinRunsPerBin"/> runs):
/// <list type="number">
/// <item>Location: the shift is the run-weighted median of the residuals actual − raw median, shrunk by n/(n + k).</item>
/// <item>Scale (split conformal): the run-weighted quantile, at level Coverage·(n + 1)/n, of |residual − shift| / half
/// the raw 90 % interval. So the central interval is widened or narrowed to hold Coverage of the pairs. A widening is
/// taken whole (below 9 runs the level is 1: the widest miss seen), a narrowing has its log shrunk by n/(n + k), so
/// few runs never make the forecasts bolder (<see cref="CalibrationOptions.ShrinkNarrowingOnly"/>).</item>
/// <item>Quantile recalibration (Kuleshov et al. 2018): the PITs of the actuals under the shifted and scaled forecasts,
/// their run-weighted empirical frequencies made monotone by PAV, thinned to <see cref="CalibrationOptions.MaxKnots"/>
/// knots, and blended with the identity by k'/(n + k').</item>
/// </list>
/// n counts runs, not pairs: the forecasts of one run at several epochs are not independent. Each run's pairs in a
/// bin weigh 1 in total. No pairs gives the identity.
/// </summary>
public static class CalibrationFitter
{
    private const double MinScale = 1e-3;
    private const double MaxScale = 1e3;

    /// <summary>Fits the calibration.</summary>
    /// <param name="pairs">The pairs, in model units.</param>
    /// <param name="options">Fitting options; defaults when null.</param>
    /// <param name="source">Recorded in the model for reports.</param>
    public static CalibrationModel Fit(IReadOnlyList<CalibrationPair> pairs, CalibrationOptions? options = null, string source = "pairs")
    {
        ArgumentNullException.ThrowIfNull(pairs);
        options = (options ?? new CalibrationOptions()).Validate();
        var usable = pairs.Where(p => double.IsFinite(p.Actual) && double.IsFinite(p.CutoffFraction)).ToList();
        var model = new CalibrationModel
        {
            Source = source, Pairs = usable.Count, Runs = usable.Select(p => p.Group).Distinct(StringComparer.Ordinal).Count(),
        };
        if (usable.Count == 0) return model;

        var edges = options.BinEdges;
        int binCount = edges.Count - 1;
        var byBin = new List<CalibrationPair>[binCount];
        for (int b = 0; b < binCount; b++) byBin[b] = [];
        foreach (var pair in usable) byBin[BinIndex(edges, pair.CutoffFraction)].Add(pair);

        for (int b = 0; b < binCount; b++)
        {
            var pool = Pool(byBin, b, options.MinRunsPerBin);
            model.Bins.Add(FitBin(pool, edges[b], edges[b + 1], options));
        }
        return model;
    }

    /// <summary>The bin's own pairs, then its nearest bins' (alternating below and above) until enough runs.</summary>
    private static List<CalibrationPair> Pool(List<CalibrationPair>[] byBin, int b, int minRuns)
    {
        var pool = new List<CalibrationPair>(byBin[b]);
        var runs = new HashSet<string>(pool.Select(p => p.Group), StringComparer.Ordinal);
        for (int d = 1; runs.Count < minRuns && (b - d >= 0 || b + d < byBin.Length); d++)
        {
            foreach (int k in new[] { b - d, b + d })
            {
                if (k < 0 || k >= byBin.Length) continue;
                pool.AddRange(byBin[k]);
                foreach (var p in byBin[k]) runs.Add(p.Group);
            }
        }
        return pool;
    }

    private static CalibrationBin FitBin(List<CalibrationPair> pool, double lower, double upper, CalibrationOptions options)
    {
        if (pool.Count == 0) return CalibrationBin.Identity(lower, upper);
        // Each run weighs 1 in total.
        var perRun = pool.GroupBy(p => p.Group, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        int n = perRun.Count;
        var weights = pool.Select(p => 1.0 / perRun[p.Group]).ToArray();
        double trust = options.ShrinkRuns == 0 ? 1 : n / (n + options.ShrinkRuns);

        double shift = 0, scale = 1;
        if (options.LocationScale)
        {
            var residuals = pool.Select(p => p.Actual - p.Forecast.Median).ToArray();
            shift = WeightedQuantile(residuals, weights, 0.5) * trust;
            var scores = pool.Select((p, i) => Math.Abs(residuals[i] - shift) / p.Forecast.HalfWidth90).ToArray();
            double level = Math.Min(1, options.Coverage * (n + 1) / n);
            double conformal = Math.Clamp(WeightedQuantile(scores, weights, level), MinScale, MaxScale);
            // Widening is taken whole: the finite-sample conformal level is the small-sample answer, and too wide only
            // costs epochs. Narrowing is shrunk towards none: a few runs must not make the forecasts bolder.
            scale = conformal >= 1 && options.ShrinkNarrowingOnly ? conformal : Math.Exp(Math.Log(conformal) * trust);
            scale = Math.Clamp(scale, MinScale, MaxScale);
        }

        var bin = new CalibrationBin { Lower = lower, Upper = upper, Runs = n, Pairs = pool.Count, Shift = shift, Scale = scale };
        if (options.Isotonic) FitIsotonic(bin, pool, weights, n, options);
        return bin;
    }

    private static void FitIsotonic(CalibrationBin bin, List<CalibrationPair> pool, double[] weights, int runs, CalibrationOptions options)
    {
        // PIT of each actual under the shifted and scaled forecast: F(m + (y − m − δ)/s).
        var pit = pool.Select(p => p.Forecast.Cdf(p.Forecast.Median + (p.Actual - p.Forecast.Median - bin.Shift) / bin.Scale)).ToArray();
        var order = Enumerable.Range(0, pool.Count).OrderBy(i => pit[i]).ToArray();
        double total = weights.Sum();
        double meanWeight = total / weights.Length;
        // Group equal PITs (clamped tails): one knot each, at the cumulative frequency of the group's end.
        var levels = new List<double>();
        var targets = new List<double>();
        var groupWeights = new List<double>();
        double cumulative = 0;
        for (int i = 0; i < order.Length; i++)
        {
            double u = pit[order[i]];
            cumulative += weights[order[i]];
            // Weibull plotting position: the frequency never reaches 0 or 1 (conservative tails).
            double frequency = cumulative / (total + meanWeight);
            if (levels.Count > 0 && u == levels[^1])
            {
                targets[^1] = frequency;
                groupWeights[^1] += weights[order[i]];
            }
            else
            {
                levels.Add(u);
                targets.Add(frequency);
                groupWeights.Add(weights[order[i]]);
            }
        }
        var fitted = IsotonicRegression.Fit(targets, groupWeights);
        double identityWeight = options.IsotonicShrinkRuns == 0 ? 0 : options.IsotonicShrinkRuns / (runs + options.IsotonicShrinkRuns);
        // Keep the map strictly increasing: a floor of 1e-6 identity even without shrinkage.
        identityWeight = Math.Max(identityWeight, 1e-6);
        var knotsU = new List<double>();
        var knotsR = new List<double>();
        for (int i = 0; i < levels.Count; i++)
        {
            double u = levels[i];
            if (!(u > 0 && u < 1)) continue;
            double r = (1 - identityWeight) * fitted[i] + identityWeight * u;
            if (knotsU.Count > 0 && (u <= knotsU[^1] || r <= knotsR[^1])) continue;
            if (!(r > 0 && r < 1)) continue;
            knotsU.Add(u);
            knotsR.Add(r);
        }
        Thin(knotsU, knotsR, CalibrationOptions.MaxKnots);
        bin.KnotLevels = [.. knotsU];
        bin.KnotFrequencies = [.. knotsR];
    }

    /// <summary>Keeps at most <paramref name="max"/> knots, evenly spaced by index, always the first and the last.</summary>
    private static void Thin(List<double> u, List<double> r, int max)
    {
        if (u.Count <= max) return;
        var keepU = new List<double>(max);
        var keepR = new List<double>(max);
        for (int j = 0; j < max; j++)
        {
            int i = (int)Math.Round((double)j * (u.Count - 1) / (max - 1));
            if (keepU.Count > 0 && u[i] <= keepU[^1]) continue;
            keepU.Add(u[i]);
            keepR.Add(r[i]);
        }
        u.Clear(); u.AddRange(keepU);
        r.Clear(); r.AddRange(keepR);
    }

    /// <summary>The bin index of a cutoff fraction (fractions at or above the last edge go to the last bin).</summary>
    internal static int BinIndex(IReadOnlyList<double> edges, double fraction)
    {
        for (int b = 0; b < edges.Count - 1; b++)
            if (fraction < edges[b + 1]) return b;
        return edges.Count - 2;
    }

    /// <summary>The weighted quantile at <paramref name="level"/>: the smallest value whose cumulative weight reaches level·total.</summary>
    internal static double WeightedQuantile(double[] values, double[] weights, double level)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        double total = weights.Sum();
        double target = level * total;
        double cumulative = 0;
        foreach (int i in order)
        {
            cumulative += weights[i];
            if (cumulative >= target - 1e-12 * total) return values[i];
        }
        return values[order[^1]];
    }
}
