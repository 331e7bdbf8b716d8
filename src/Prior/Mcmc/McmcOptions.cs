using System.Globalization;

namespace LcPfn.Prior.Mcmc;

/// <summary>
/// Settings of the <see cref="LcPfn.Prior.Baselines.McmcExtrapolator"/>: the prior whose posterior is sampled, the ensemble sampler, how
/// walkers start, how many posterior samples form the predictive, the seed and the parallelism. Two presets:
/// <see cref="Paper"/> (Domhan et al. 2015 / the LC-PFN paper: 100 walkers, 2,000 steps, burn-in 500) and
/// <see cref="Fast"/> (32 walkers, 300 steps, burn-in 100).
/// </summary>
public sealed record McmcOptions
{
    /// <summary>The prior (families, weights, noise, rejection rule, model grid T).</summary>
    /// <value>The default is <see cref="CurvePriorOptions.Default"/>, the LC-PFN prior.</value>
    public CurvePriorOptions Prior { get; init; } = CurvePriorOptions.Default;

    /// <summary>Sample log-normal and log-uniform family parameters as their logarithm (the posterior is the same; the
    /// sampler mixes much faster). False samples every parameter on its natural scale, as Domhan et al.</summary>
    /// <value>The default is true.</value>
    public bool LogScaleParameters { get; init; } = true;

    /// <summary>The ensemble sampler's settings. Its <see cref="EnsembleSamplerOptions.MaxDegreeOfParallelism"/> is
    /// replaced by the extrapolator's choice (see <see cref="MaxDegreeOfParallelism"/>).</summary>
    /// <value>The default is <see cref="EnsembleSamplerOptions.Paper"/>.</value>
    public EnsembleSamplerOptions Sampler { get; init; } = EnsembleSamplerOptions.Paper;

    /// <summary>Prior draws per walker from which the best (by posterior) start the walkers; ≥ 1.</summary>
    /// <value>The default is 100.</value>
    public int CandidatesPerWalker { get; init; } = McmcDefaults.CandidatesPerWalker;

    /// <summary>Most posterior samples used as mixture components of each predictive (evenly thinned from the
    /// chain); ≥ 1.</summary>
    /// <value>The default is 3,000.</value>
    public int PredictiveSamples { get; init; } = McmcDefaults.PredictiveSamples;

    /// <summary>The seed; with the run id and the number of observed points it fixes every random number of a request.</summary>
    /// <value>The default is 0.</value>
    public ulong Seed { get; init; } = McmcDefaults.Seed;

    /// <summary>Threads (0 = all cores). Several requests run in parallel, one per thread; a single request
    /// spreads its walkers over the threads. Results do not depend on it.</summary>
    /// <value>The default is 0.</value>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>The paper's setting: 100 walkers, 2,000 steps (burn-in 500 included), thin 1.</summary>
    public static McmcOptions Paper { get; } = new();

    /// <summary>The fast setting: 32 walkers, 300 steps (burn-in 100 included), thin 1.</summary>
    public static McmcOptions Fast { get; } = new() { Sampler = EnsembleSamplerOptions.Fast };

    /// <summary>The names of the presets: <c>paper</c>, <c>fast</c>.</summary>
    public static IReadOnlyList<string> SettingNames { get; } = [McmcDefaults.PaperSetting, McmcDefaults.FastSetting];

    /// <summary>The preset called <paramref name="setting"/> (<c>paper</c> or <c>fast</c>, case-insensitive).</summary>
    /// <exception cref="InvalidInputException">Unknown name; the message lists the known ones.</exception>
    public static McmcOptions FromSetting(string setting) => setting?.Trim().ToLowerInvariant() switch
    {
        McmcDefaults.PaperSetting => Paper,
        McmcDefaults.FastSetting => Fast,
        _ => throw new InvalidInputException($"Unknown MCMC setting '{setting}'; known: {string.Join(", ", SettingNames)}."),
    };

    /// <summary>Every problem with these options, one line each; empty when valid.</summary>
    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        if (Prior is null) problems.Add("Property Prior: must be set; was null");
        else problems.AddRange(Prior.GetProblems().Select(p => p.Replace("Property ", "Property Prior.", StringComparison.Ordinal)));
        if (Sampler is null) problems.Add("Property Sampler: must be set; was null");
        else problems.AddRange(Sampler.GetProblems().Select(p => p.Replace("Property ", "Property Sampler.", StringComparison.Ordinal)));
        if (CandidatesPerWalker < 1)
            problems.Add($"Property CandidatesPerWalker: must be >= 1; was {CandidatesPerWalker.ToString(CultureInfo.InvariantCulture)}");
        if (PredictiveSamples < 1)
            problems.Add($"Property PredictiveSamples: must be >= 1; was {PredictiveSamples.ToString(CultureInfo.InvariantCulture)}");
        if (MaxDegreeOfParallelism < 0)
            problems.Add($"Property MaxDegreeOfParallelism: must be >= 0 (0 = all cores); was {MaxDegreeOfParallelism.ToString(CultureInfo.InvariantCulture)}");
        if (Prior is not null && Sampler is not null && Prior.GetProblems().Count == 0)
        {
            int dimension = new DomhanCurveModel(Prior).Dimension;
            if (Sampler.Walkers < 2 * dimension)
                problems.Add($"Property Sampler.Walkers: must be >= 2 x {dimension} (the prior's dimension) = {2 * dimension}; was {Sampler.Walkers}");
        }
        return problems;
    }

    /// <summary>Throws when any option is invalid, listing every problem in one message.</summary>
    /// <exception cref="InvalidInputException">At least one option is invalid.</exception>
    public void Validate()
    {
        var problems = GetProblems();
        if (problems.Count > 0)
            throw new InvalidInputException($"Invalid {nameof(McmcOptions)}: {string.Join("; ", problems)}.");
    }
}
