namespace LcPfn.Prior;

/// <summary>The defaults of <see cref="CurvePriorOptions"/>: the LC-PFN prior of the reference (spec §1.3-1.5).</summary>
public static class CurvePriorDefaults
{
    /// <summary>The default families: pow3, ilog2 and Janoschek with their "peaked" priors.</summary>
    public static IReadOnlyList<string> Families { get; } = ["pow3", "ilog2", "janoschek"];

    /// <summary>Lower bound of the U(min, max) component weights: 0.</summary>
    public const double WeightMin = 0.0;

    /// <summary>Upper bound of the U(min, max) component weights: 1.</summary>
    public const double WeightMax = 1.0;

    /// <summary>Mean of log σ: −4 (median σ ≈ 0.018).</summary>
    public const double LogSigmaMean = -4.0;

    /// <summary>Standard deviation of log σ: 1.</summary>
    public const double LogSigmaStd = 1.0;

    /// <summary>Horizon T (curve length, epochs 1..T): 100.</summary>
    public const int Horizon = 100;

    /// <summary>Smallest allowed horizon: 2 (a cutoff needs one context and one query point).</summary>
    public const int MinHorizon = 2;

    /// <summary>Largest allowed horizon: 1000.</summary>
    public const int MaxHorizon = 1000;

    /// <summary>Draws allowed for one curve before the sampler gives up: 100,000.</summary>
    public const int MaxAttempts = 100_000;
}
