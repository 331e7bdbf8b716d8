namespace LcPfn.Cli.Plotting;

/// <summary>
/// What <see cref="FanChart"/> draws for one run, in the file's units: the observations up to the cutoff, the actual
/// values after it (where known), and the predictive quantiles of every epoch after the cutoff up to the horizon.
/// </summary>
internal sealed record FanChartData
{
    /// <summary>The run's id.</summary>
    public required string RunId { get; init; }

    /// <summary>The run's study.</summary>
    public required string Study { get; init; }

    /// <summary>The run's final epoch.</summary>
    public required int Horizon { get; init; }

    /// <summary>The last epoch the prediction saw.</summary>
    public required int Cutoff { get; init; }

    /// <summary>The extrapolator's name (<c>lcpfn</c>, <c>last</c>, <c>powerlaw</c>).</summary>
    public required string Method { get; init; }

    /// <summary>Observed epochs up to the cutoff (at least one).</summary>
    public required int[] ObservedEpochs { get; init; }

    /// <summary>Observed values up to the cutoff.</summary>
    public required double[] ObservedValues { get; init; }

    /// <summary>Epochs after the cutoff that the file holds (empty for a partial run).</summary>
    public required int[] ActualEpochs { get; init; }

    /// <summary>The values at <see cref="ActualEpochs"/>.</summary>
    public required double[] ActualValues { get; init; }

    /// <summary>The predicted epochs: cutoff + 1 .. horizon (empty when the cutoff is the horizon).</summary>
    public required int[] QueryEpochs { get; init; }

    /// <summary>The 5 % quantile at each query epoch.</summary>
    public required double[] Q05 { get; init; }

    /// <summary>The 25 % quantile at each query epoch.</summary>
    public required double[] Q25 { get; init; }

    /// <summary>The median at each query epoch.</summary>
    public required double[] Median { get; init; }

    /// <summary>The 75 % quantile at each query epoch.</summary>
    public required double[] Q75 { get; init; }

    /// <summary>The 95 % quantile at each query epoch.</summary>
    public required double[] Q95 { get; init; }

    /// <summary>The epoch at which the early-stopping policy stopped the run; null when it was not stopped.</summary>
    public int? StopEpoch { get; init; }

    /// <summary>The study's best value the run was compared with, in file units; null when unknown.</summary>
    public double? BestSoFar { get; init; }

    /// <summary>A second title line (the decision's reason, the file); may be null.</summary>
    public string? Note { get; init; }

    /// <summary>The y-axis label.</summary>
    public string YLabel { get; init; } = "metric (file units)";
}
