using System.Globalization;
using LcPfn.Prior;
using LcPfn.Prior.Schedules;

namespace LcPfn.EarlyStop.Batch;

/// <summary>
/// What <see cref="BatchExtrapolator"/> predicts and how. Every value given by the user (bounds, best values) is in
/// the units of the input file; predictions are written in the same units.
/// </summary>
public sealed record BatchExtrapolatorOptions
{
    /// <summary>
    /// Cutoffs as fractions of each run's horizon in (0, 1]: the run is cut after epoch max(1, round(f·H)) and
    /// predicted from what it observed up to there. Null predicts once from everything observed (<c>--cutoff last</c>).
    /// </summary>
    /// <value>The default is null (last).</value>
    public IReadOnlyList<double>? CutoffFractions { get; init; }

    /// <summary>
    /// Query every epoch after the cutoff up to the horizon instead of the horizon alone (<c>--all-epochs</c>).
    /// A cutoff at the horizon still queries the horizon.
    /// </summary>
    /// <value>The default is false.</value>
    public bool AllEpochs { get; init; }

    /// <summary>Quantile levels in (0, 1), each written as a column <c>qNN</c> (0.05 → q05, 0.975 → q97_5); 0.5 is the <c>median</c> column, always written.</summary>
    /// <value>The default is 0.05, 0.25, 0.5, 0.75, 0.95.</value>
    public IReadOnlyList<double> Quantiles { get; init; } = BatchExtrapolatorDefaults.Quantiles;

    /// <summary>Overrides every run's horizon (<c>--horizon</c>). Otherwise: the <c>horizon</c> column, the number of epoch columns of a wide CSV, or the run's last observed epoch.</summary>
    /// <value>The default is null.</value>
    public int? Horizon { get; init; }

    /// <summary>The learning-rate schedule of every run (null: unknown); models trained with the schedule input condition on it.</summary>
    /// <value>The default is null.</value>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>Smaller is better (a loss). The model sees 1 − the normalised value.</summary>
    /// <value>The default is false.</value>
    public bool Minimize { get; init; }

    /// <summary>Lower bound of the metric in file units; values below it are rejected.</summary>
    /// <value>The default is null, meaning 0.</value>
    public double? Lower { get; init; }

    /// <summary>Upper bound of the metric in file units; values above it are rejected.</summary>
    /// <value>The default is null, meaning 1 / <see cref="Scale"/>.</value>
    public double? Upper { get; init; }

    /// <summary>Multiplier that maps file values into [0, 1] when no upper bound is given (0.01 for percent).</summary>
    /// <value>The default is 1.</value>
    public double Scale { get; init; } = 1.0;

    /// <summary>Best value so far for every study (file units); adds the <c>p_improve</c> column.</summary>
    /// <value>The default is null.</value>
    public double? Best { get; init; }

    /// <summary>Best value so far per study (file units); overrides <see cref="Best"/> for the studies it names. Studies in neither get a null <c>p_improve</c>.</summary>
    /// <value>The default is null.</value>
    public IReadOnlyDictionary<string, double>? BestByStudy { get; init; }

    /// <summary>How runs are assembled from the input.</summary>
    /// <value>The default is <see cref="InputOrder.Auto"/>.</value>
    public InputOrder InputOrder { get; init; } = InputOrder.Auto;

    /// <summary>Extrapolation requests per extrapolator call, in [1, 65536].</summary>
    /// <value>The default is 256.</value>
    public int BatchSize { get; init; } = BatchExtrapolatorDefaults.BatchSize;

    /// <summary>Batches predicted at the same time, in [1, 64]; more than 1 needs a thread-safe extrapolator.</summary>
    /// <value>The default is 1.</value>
    public int MaxConcurrentBatches { get; init; } = BatchExtrapolatorDefaults.MaxConcurrentBatches;

    /// <summary>Rows per output row group, in [1, 16777216].</summary>
    /// <value>The default is 131072.</value>
    public int RowGroupSize { get; init; } = BatchExtrapolatorDefaults.RowGroupSize;

    /// <summary>Folder for spill partitions; null uses the output's folder.</summary>
    /// <value>The default is null.</value>
    public string? TempDirectory { get; init; }

    /// <summary>Least time between progress reports.</summary>
    /// <value>The default is 2 s.</value>
    public TimeSpan ProgressInterval { get; init; } = BatchExtrapolatorDefaults.ProgressInterval;

    /// <summary>The effective lower bound in file units.</summary>
    public double EffectiveLower => Lower ?? 0.0;

    /// <summary>The effective upper bound in file units.</summary>
    public double EffectiveUpper => Upper ?? 1.0 / Scale;

    /// <summary>True when a best value is known for some study, so the table has <c>p_improve</c>.</summary>
    public bool HasBest => Best is not null || BestByStudy is { Count: > 0 };

    /// <summary>Checks every option and throws one <see cref="InvalidInputException"/> listing every problem.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        void Check(bool ok, string property, string rule, object? was)
        {
            if (!ok) problems.Add(string.Create(CultureInfo.InvariantCulture, $"Property {property}: {rule}; was {was ?? "null"}"));
        }

        if (CutoffFractions is not null)
        {
            Check(CutoffFractions.Count > 0, nameof(CutoffFractions), "must hold at least one fraction", "empty");
            foreach (var f in CutoffFractions)
                Check(f > 0 && f <= 1, nameof(CutoffFractions), "each fraction must be in (0, 1]", f);
        }
        Check(Quantiles is not null, nameof(Quantiles), "must not be null", null);
        if (Quantiles is not null)
        {
            foreach (var q in Quantiles)
                Check(q > 0 && q < 1, nameof(Quantiles), "each level must be in (0, 1)", q);
            Check(Quantiles.Distinct().Count() == Quantiles.Count, nameof(Quantiles), "levels must be distinct", string.Join(",", Quantiles));
        }
        Check(Horizon is null || HorizonLimit.Contains(Horizon.Value), nameof(Horizon), $"must be in [1, {HorizonLimit.Max}] (the horizon limit)", Horizon);
        Check(double.IsFinite(Scale) && Scale > 0, nameof(Scale), "must be finite and positive", Scale);
        Check(Lower is null || double.IsFinite(Lower.Value), nameof(Lower), "must be finite", Lower);
        Check(Upper is null || double.IsFinite(Upper.Value), nameof(Upper), "must be finite", Upper);
        if (double.IsFinite(EffectiveLower) && double.IsFinite(EffectiveUpper))
            Check(EffectiveLower < EffectiveUpper, nameof(Upper), $"must be above the lower bound {EffectiveLower.ToString(CultureInfo.InvariantCulture)}", EffectiveUpper);
        Check(Best is null || double.IsFinite(Best.Value), nameof(Best), "must be finite", Best);
        if (BestByStudy is not null)
        {
            foreach (var (study, best) in BestByStudy)
                Check(double.IsFinite(best), nameof(BestByStudy), $"the best value of study '{study}' must be finite", best);
        }
        Check(BatchSize is >= 1 and <= 65_536, nameof(BatchSize), "must be in [1, 65536]", BatchSize);
        Check(MaxConcurrentBatches is >= 1 and <= 64, nameof(MaxConcurrentBatches), "must be in [1, 64]", MaxConcurrentBatches);
        Check(RowGroupSize is >= 1 and <= 16_777_216, nameof(RowGroupSize), "must be in [1, 16777216]", RowGroupSize);
        Check(ProgressInterval >= TimeSpan.Zero, nameof(ProgressInterval), "must not be negative", ProgressInterval);

        if (problems.Count > 0)
            throw new InvalidInputException("Invalid batch extrapolation options: " + string.Join("; ", problems) + ".");
    }

    /// <summary>The quantile levels that get their own column: all but 0.5, which is the <c>median</c> column.</summary>
    public IReadOnlyList<double> ColumnQuantiles => Quantiles.Where(q => q != 0.5).ToArray();

    /// <summary>The column name of quantile level <paramref name="level"/>: 0.05 → q05, 0.5 → q50, 0.975 → q97_5.</summary>
    public static string QuantileColumnName(double level)
    {
        var percent = Math.Round(level * 100, 6);
        var text = percent.ToString("0.######", CultureInfo.InvariantCulture).Replace('.', '_');
        return "q" + (percent < 10 ? "0" : "") + text;
    }
}
