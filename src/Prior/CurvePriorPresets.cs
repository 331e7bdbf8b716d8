using LcPfn.Prior.Curves;

namespace LcPfn.Prior;

/// <summary>Named priors for the CLI (<c>--prior NAME</c>) and configuration files.</summary>
public static class CurvePriorPresets
{
    /// <summary>The LC-PFN default prior (pow3 + ilog2 + Janoschek, peaked).</summary>
    public const string Default = "default";

    /// <summary>The same families with the reference's "uniform" parameter priors.</summary>
    public const string Uniform = "uniform";

    /// <summary>All 11 Domhan et al. (2015) families with their "peaked" priors.</summary>
    public const string Domhan = "domhan";

    /// <summary>Every preset name.</summary>
    public static IReadOnlyList<string> Names { get; } = [Default, Uniform, Domhan];

    /// <summary>The options of preset <paramref name="name"/> with horizon <paramref name="horizon"/>.</summary>
    /// <exception cref="InvalidInputException">Unknown preset; the message lists the known ones.</exception>
    public static CurvePriorOptions Get(string name, int horizon = CurvePriorDefaults.Horizon) => name switch
    {
        Default or "lcpfn" => CurvePriorOptions.Default with { Horizon = horizon },
        Uniform => CurvePriorOptions.Default with { Families = ["pow3_uniform", "ilog2_uniform", "janoschek_uniform"], Horizon = horizon },
        Domhan => CurvePriorOptions.Default with { Families = CurveFamilies.DomhanNames, Horizon = horizon },
        _ => throw new InvalidInputException($"Unknown prior '{name}'; known: {string.Join(", ", Names)}."),
    };
}
