namespace LcPfn.Prior.Curves;

/// <summary>The built-in families by name: the 11 Domhan et al. (2015) families ("peaked" priors) and the
/// "uniform" variants of pow3, ilog2 and Janoschek.</summary>
public static class CurveFamilies
{
    private static readonly CurveFamily[] AllFamilies =
    [
        Pow3.Peaked, ILog2.Peaked, Janoschek.Peaked, LogPower.Peaked, Weibull.Peaked, Mmf.Peaked, Vap.Peaked,
        LogLogLinear.Peaked, Exp4.Peaked, Pow4.Peaked, DrHillZeroBackground.Peaked,
        Pow3.Uniform, ILog2.Uniform, Janoschek.Uniform,
    ];

    private static readonly Dictionary<string, CurveFamily> ByName = AllFamilies.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>Every built-in family.</summary>
    public static IReadOnlyList<ICurveFamily> All => AllFamilies;

    /// <summary>Every built-in family name, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = AllFamilies.Select(f => f.Name).ToArray();

    /// <summary>The 11 Domhan et al. (2015) families with their "peaked" priors, in the reference's order.</summary>
    public static IReadOnlyList<string> DomhanNames { get; } = Names.Take(11).ToArray();

    /// <summary>The family called <paramref name="name"/> (e.g. <c>pow3</c>, <c>janoschek_uniform</c>).</summary>
    /// <exception cref="InvalidInputException">No family has that name; the message lists the known names.</exception>
    public static ICurveFamily Get(string name) => GetInternal(name);

    /// <summary>True when a built-in family is called <paramref name="name"/>.</summary>
    public static bool Contains(string name) => ByName.ContainsKey(name);

    internal static CurveFamily GetInternal(string name) =>
        ByName.TryGetValue(name, out var family)
            ? family
            : throw new InvalidInputException($"Unknown curve family '{name}'; known: {string.Join(", ", Names)}.");
}
