using System.Globalization;

namespace LcPfn.Prior.Schedules;

/// <summary>
/// The schedule-aware prior (docs/prior.md, "Schedule-driven curves"): a share of LC-PFN curves (schedule unknown)
/// mixed with curves whose progress is driven by a learning-rate schedule, after the scaling law with annealing of
/// Tissue et al. (2024). A schedule curve is
/// <c>y(t) = y∞ − D·[(1 − ρ)·(1 + S1(t)/τ)^(−α) + ρ·η̃(t)]</c>, S1 the area under the learning-rate multiplier
/// up to the end of epoch t (the forward area), η̃ the multiplier after warm-up passed through a first-order
/// filter with memory λ per epoch (1 − η̃ is the annealing area S2 of the paper, normalised), plus Gaussian noise
/// whose σ follows the learning rate, σ(t) = σ0·(κ + (1 − κ)·η(t)). Every range is a uniform (log-uniform for τ
/// and κ) draw per curve; the defaults are justified in docs/prior.md.
/// </summary>
public sealed record ScheduleCurvePriorOptions
{
    /// <summary>The name of this prior for <c>lcpfn train --prior</c> and <c>prior sample</c>.</summary>
    public const string PresetName = "schedules";

    /// <summary>Grid length T (epochs 1..T); the PFN's grid is 100.</summary>
    public int Horizon { get; init; } = CurvePriorDefaults.Horizon;

    /// <summary>Share of curves drawn from the LC-PFN default prior, with the schedule unknown.</summary>
    public double LcPfnShare { get; init; } = 0.3;

    /// <summary>Share of schedule-driven curves whose schedule is hidden from the model (so "unknown" covers them too).</summary>
    public double HiddenScheduleShare { get; init; } = 0.25;

    /// <summary>Relative weights of constant, cosine, cosine-warmup, linear, linear-warmup, step and one-cycle schedules.</summary>
    public IReadOnlyList<double> KindWeights { get; init; } = [0.15, 0.30, 0.10, 0.10, 0.10, 0.15, 0.10];

    /// <summary>Share of curves whose schedule horizon lies beyond the observed horizon (training continues after the last epoch seen).</summary>
    public double ExtendedHorizonShare { get; init; } = 0.3;

    /// <summary>Largest schedule horizon, as a multiple of the observed horizon.</summary>
    public double MaxHorizonRatio { get; init; } = 2.0;

    /// <summary>Warm-up length range, as shares of the schedule horizon.</summary>
    public ValueRange WarmupShare { get; init; } = new(0.02, 0.15);

    /// <summary>Time scale τ range (epochs at the peak rate; log-uniform): small τ saturates early, large τ rises over the whole horizon.</summary>
    public ValueRange TimeScale { get; init; } = new(0.3, 300);

    /// <summary>Power-law exponent α range.</summary>
    public ValueRange Exponent { get; init; } = new(0.3, 1.5);

    /// <summary>Asymptote y∞ range (the value at zero learning rate after infinite training).</summary>
    public ValueRange Asymptote { get; init; } = new(0.1, 1.0);

    /// <summary>Range of the initial gap D as a share of y∞ (so y stays in [0, y∞]).</summary>
    public ValueRange GapShare { get; init; } = new(0.02, 0.95);

    /// <summary>Range of ρ, the share of the gap that only annealing the learning rate closes.</summary>
    public ValueRange AnnealShare { get; init; } = new(0.0, 0.5);

    /// <summary>Range of λ, the per-epoch memory of the annealing filter (0 = follows the rate at once).</summary>
    public ValueRange AnnealMemory { get; init; } = new(0.0, 0.9);

    /// <summary>Mean of log σ0, the noise at the peak rate.</summary>
    public double LogSigmaMean { get; init; } = -4.5;

    /// <summary>Standard deviation of log σ0.</summary>
    public double LogSigmaStd { get; init; } = 0.8;

    /// <summary>Range of κ (log-uniform), the share of the noise that does not shrink with the rate (1 = homoscedastic).</summary>
    public ValueRange NoiseFloor { get; init; } = new(0.01, 1.0);

    /// <summary>Every problem with these options, one line each; empty when valid.</summary>
    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        void Range(string name, ValueRange r, double low, double high)
        {
            if (!(r.Min >= low && r.Max <= high && r.Min <= r.Max))
                problems.Add($"Property {name}: must satisfy {F(low)} <= min <= max <= {F(high)}; was ({F(r.Min)}, {F(r.Max)})");
        }
        if (Horizon < CurvePriorDefaults.MinHorizon || Horizon > CurvePriorDefaults.MaxHorizon)
            problems.Add($"Property Horizon: must be in [{CurvePriorDefaults.MinHorizon}, {CurvePriorDefaults.MaxHorizon}]; was {Horizon}");
        if (!(LcPfnShare is >= 0 and <= 1)) problems.Add($"Property LcPfnShare: must be in [0, 1]; was {F(LcPfnShare)}");
        if (!(HiddenScheduleShare is >= 0 and <= 1)) problems.Add($"Property HiddenScheduleShare: must be in [0, 1]; was {F(HiddenScheduleShare)}");
        if (!(ExtendedHorizonShare is >= 0 and <= 1)) problems.Add($"Property ExtendedHorizonShare: must be in [0, 1]; was {F(ExtendedHorizonShare)}");
        if (!(MaxHorizonRatio is >= 1 and <= 100)) problems.Add($"Property MaxHorizonRatio: must be in [1, 100]; was {F(MaxHorizonRatio)}");
        if (KindWeights is null || KindWeights.Count != 7 || KindWeights.Any(w => !(w >= 0) || !double.IsFinite(w)) || !(KindWeights.Sum() > 0))
            problems.Add("Property KindWeights: must hold 7 finite weights >= 0 with a positive sum (constant, cosine, cosine-warmup, linear, linear-warmup, step, one-cycle)");
        Range(nameof(WarmupShare), WarmupShare, 0, 0.9);
        Range(nameof(TimeScale), TimeScale, 1e-3, 1e6);
        Range(nameof(Exponent), Exponent, 1e-3, 10);
        Range(nameof(Asymptote), Asymptote, 0, 1);
        Range(nameof(GapShare), GapShare, 0, 1);
        Range(nameof(AnnealShare), AnnealShare, 0, 1);
        Range(nameof(AnnealMemory), AnnealMemory, 0, 0.999);
        Range(nameof(NoiseFloor), NoiseFloor, 1e-4, 1);
        if (!double.IsFinite(LogSigmaMean)) problems.Add($"Property LogSigmaMean: must be finite; was {F(LogSigmaMean)}");
        if (!(LogSigmaStd >= 0) || !double.IsFinite(LogSigmaStd)) problems.Add($"Property LogSigmaStd: must be finite and >= 0; was {F(LogSigmaStd)}");
        return problems;
    }

    /// <summary>Throws when any option is invalid, listing every problem.</summary>
    /// <exception cref="InvalidInputException">At least one option is invalid.</exception>
    public void Validate()
    {
        var problems = GetProblems();
        if (problems.Count > 0)
            throw new InvalidInputException($"Invalid {nameof(ScheduleCurvePriorOptions)}: {string.Join("; ", problems)}.");
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
