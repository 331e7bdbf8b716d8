using System.Globalization;

namespace LcPfn.Prior.Mcmc;

/// <summary>
/// Settings of the <see cref="EnsembleSampler"/>. <see cref="Steps"/> counts every step, burn-in included (emcee's and
/// Domhan et al.'s <c>nsamples</c>); the chain keeps steps <see cref="BurnIn"/>, <see cref="BurnIn"/> + <see cref="Thin"/>, ….
/// The defaults are the paper's setting (100 walkers, 2,000 steps, burn-in 500, thin 1).
/// </summary>
public sealed record EnsembleSamplerOptions
{
    /// <summary>Number of walkers; at least 2 and at least twice the dimension (checked by the sampler).</summary>
    /// <value>The default is 100.</value>
    public int Walkers { get; init; } = EnsembleSamplerDefaults.PaperWalkers;

    /// <summary>Steps per walker, burn-in included; ≥ 1.</summary>
    /// <value>The default is 2,000.</value>
    public int Steps { get; init; } = EnsembleSamplerDefaults.PaperSteps;

    /// <summary>Steps discarded at the start; in [0, <see cref="Steps"/>).</summary>
    /// <value>The default is 500.</value>
    public int BurnIn { get; init; } = EnsembleSamplerDefaults.PaperBurnIn;

    /// <summary>Keep every <see cref="Thin"/>-th step after burn-in; ≥ 1.</summary>
    /// <value>The default is 1.</value>
    public int Thin { get; init; } = 1;

    /// <summary>The stretch-move scale a &gt; 1: proposals stretch by z with density ∝ 1/√z on [1/a, a].</summary>
    /// <value>The default is 2.</value>
    public double StretchScale { get; init; } = EnsembleSamplerDefaults.StretchScale;

    /// <summary>Threads that update the walkers of one half (0 = all cores, 1 = the calling thread only). Results do
    /// not depend on it.</summary>
    /// <value>The default is 0.</value>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>The paper's setting: 100 walkers, 2,000 steps, burn-in 500.</summary>
    public static EnsembleSamplerOptions Paper { get; } = new();

    /// <summary>The fast setting: 32 walkers, 300 steps, burn-in 100.</summary>
    public static EnsembleSamplerOptions Fast { get; } = new()
    {
        Walkers = EnsembleSamplerDefaults.FastWalkers,
        Steps = EnsembleSamplerDefaults.FastSteps,
        BurnIn = EnsembleSamplerDefaults.FastBurnIn,
    };

    /// <summary>Number of kept steps per walker: ⌈(<see cref="Steps"/> − <see cref="BurnIn"/>) / <see cref="Thin"/>⌉.</summary>
    public int KeptSteps => Thin < 1 || Steps <= BurnIn ? 0 : (Steps - BurnIn + Thin - 1) / Thin;

    /// <summary>Every problem with these options, one line each (<c>Property X: must be ...; was ...</c>); empty when valid.</summary>
    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        if (Walkers < 2)
            problems.Add($"Property Walkers: must be >= 2; was {Walkers}");
        if (Steps < 1)
            problems.Add($"Property Steps: must be >= 1; was {Steps}");
        if (BurnIn < 0 || BurnIn >= Math.Max(Steps, 1))
            problems.Add($"Property BurnIn: must be in [0, Steps) = [0, {Steps}); was {BurnIn}");
        if (Thin < 1)
            problems.Add($"Property Thin: must be >= 1; was {Thin}");
        if (!(StretchScale > 1) || double.IsInfinity(StretchScale))
            problems.Add($"Property StretchScale: must be finite and > 1; was {StretchScale.ToString("R", CultureInfo.InvariantCulture)}");
        if (MaxDegreeOfParallelism < 0)
            problems.Add($"Property MaxDegreeOfParallelism: must be >= 0 (0 = all cores); was {MaxDegreeOfParallelism}");
        return problems;
    }

    /// <summary>Throws when any option is invalid, listing every problem in one message.</summary>
    /// <exception cref="InvalidInputException">At least one option is invalid.</exception>
    public void Validate()
    {
        var problems = GetProblems();
        if (problems.Count > 0)
            throw new InvalidInputException($"Invalid {nameof(EnsembleSamplerOptions)}: {string.Join("; ", problems)}.");
    }
}
