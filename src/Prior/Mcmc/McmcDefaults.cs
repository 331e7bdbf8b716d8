namespace LcPfn.Prior.Mcmc;

/// <summary>The defaults of <see cref="McmcOptions"/> beyond the sampler's (<see cref="EnsembleSamplerDefaults"/>).</summary>
public static class McmcDefaults
{
    /// <summary>Prior draws per walker from which the starting positions are chosen: 100.</summary>
    public const int CandidatesPerWalker = 100;

    /// <summary>Most posterior samples kept as mixture components of a predictive: 3,000 (evenly thinned).</summary>
    public const int PredictiveSamples = 3_000;

    /// <summary>The default seed: 0.</summary>
    public const ulong Seed = 0;

    /// <summary>The name of the paper's setting: <c>paper</c>.</summary>
    public const string PaperSetting = "paper";

    /// <summary>The name of the fast setting: <c>fast</c>.</summary>
    public const string FastSetting = "fast";
}
