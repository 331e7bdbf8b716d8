namespace LcPfn.Prior.Mcmc;

/// <summary>The defaults of <see cref="EnsembleSamplerOptions"/> and of the two MCMC settings of <see cref="McmcOptions"/>.</summary>
public static class EnsembleSamplerDefaults
{
    /// <summary>The stretch-move scale a of Goodman and Weare (2010) and emcee: 2.</summary>
    public const double StretchScale = 2.0;

    /// <summary>Walkers of the paper's setting (Domhan et al. 2015; LC-PFN's MCMC baseline): 100.</summary>
    public const int PaperWalkers = 100;

    /// <summary>Steps of the paper's setting, burn-in included (emcee's <c>nsamples</c>): 2,000.</summary>
    public const int PaperSteps = 2_000;

    /// <summary>Burn-in steps of the paper's setting: 500.</summary>
    public const int PaperBurnIn = 500;

    /// <summary>Walkers of the fast setting: 32 (at least twice the 13 dimensions of the default prior).</summary>
    public const int FastWalkers = 32;

    /// <summary>Steps of the fast setting, burn-in included: 300.</summary>
    public const int FastSteps = 300;

    /// <summary>Burn-in steps of the fast setting: 100.</summary>
    public const int FastBurnIn = 100;

    /// <summary>The window constant c of the automatic autocorrelation window (Sokal; emcee's default): 5.</summary>
    public const double AutocorrelationWindow = 5.0;
}
