using LcPfn.Prior.Mcmc;
using LcPfn.Prior.Prediction;

namespace LcPfn.Prior.Baselines;

/// <summary>
/// The one catalog of the baselines, all in this folder, by name, for <c>eval --baselines</c> and
/// <c>--extrapolator</c>: <c>last</c>, <c>powerlaw</c>, <c>mcmc</c> (the Domhan posterior, fast setting),
/// <c>mcmc-paper</c> (100 walkers, 2,000 samples, burn-in 500), or <c>none</c>. Every baseline implements
/// <see cref="ICurveExtrapolator"/>, as the PFN does, so any of them can stand in for the model.
/// </summary>
public static class BaselineCatalog
{
    /// <summary>The word that selects no baseline.</summary>
    public const string None = "none";

    /// <summary>The MCMC posterior with the fast setting.</summary>
    public const string Mcmc = "mcmc";

    /// <summary>The MCMC posterior with the paper's setting (slow: seconds per curve).</summary>
    public const string McmcPaper = "mcmc-paper";

    /// <summary>Every baseline name, in report order.</summary>
    public static IReadOnlyList<string> Names { get; } = [LastValueExtrapolator.MethodName, PowerLawExtrapolator.MethodName, Mcmc, McmcPaper];

    /// <summary>The baselines scored when none are named: the fast ones (the MCMC posterior costs seconds per curve).</summary>
    public static IReadOnlyList<string> DefaultNames { get; } = [LastValueExtrapolator.MethodName, PowerLawExtrapolator.MethodName];

    /// <summary>A new instance of the named baseline; <paramref name="seed"/> seeds the MCMC chains.</summary>
    /// <exception cref="InvalidInputException">Unknown name; the message lists the known ones.</exception>
    public static ICurveExtrapolator Create(string name, ulong seed = 0) => name.Trim().ToLowerInvariant() switch
    {
        LastValueExtrapolator.MethodName => new LastValueExtrapolator(),
        PowerLawExtrapolator.MethodName => new PowerLawExtrapolator(),
        Mcmc => new McmcExtrapolator(McmcOptions.Fast with { Seed = seed }),
        McmcPaper => new McmcExtrapolator(McmcOptions.Paper with { Seed = seed }),
        _ => throw new InvalidInputException($"Unknown baseline '{name}'; known: {string.Join(", ", Names)} (or '{None}')."),
    };

    /// <summary>One line saying what the named baseline is, for the first line of a command's output.</summary>
    /// <exception cref="InvalidInputException">Unknown name.</exception>
    public static string Describe(string name) => name.Trim().ToLowerInvariant() switch
    {
        LastValueExtrapolator.MethodName => "baseline 'last' (last value + random walk; no model)",
        PowerLawExtrapolator.MethodName => "baseline 'powerlaw' (least-squares power law; no model)",
        Mcmc => "baseline 'mcmc' (Domhan et al. posterior by MCMC, fast setting; no model)",
        McmcPaper => "baseline 'mcmc-paper' (Domhan et al. posterior by MCMC, the paper's setting; slow; no model)",
        _ => throw new InvalidInputException($"Unknown baseline '{name}'; known: {string.Join(", ", Names)} (or '{None}')."),
    };

    /// <summary>
    /// Parses <c>--baselines</c> values: each may be a comma-separated list; <c>none</c> alone selects nothing;
    /// duplicates are dropped; order is kept.
    /// </summary>
    /// <exception cref="InvalidInputException">An unknown name, or <c>none</c> mixed with names.</exception>
    public static IReadOnlyList<string> Parse(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var names = values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(v => v.ToLowerInvariant()).Distinct().ToList();
        if (names.Contains(None))
        {
            if (names.Count > 1) throw new InvalidInputException($"--baselines {None} cannot be combined with other baselines ({string.Join(", ", names)}).");
            return [];
        }
        foreach (string n in names) Create(n);
        return names;
    }
}
