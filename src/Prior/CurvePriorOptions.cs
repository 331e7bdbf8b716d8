using System.Globalization;
using LcPfn.Prior.Curves;

namespace LcPfn.Prior;

/// <summary>
/// What the learning-curve prior samples: f(x) = Σ_k w_k f_k(x; θ_k) over the chosen families with
/// w_k ~ U(<see cref="WeightMin"/>, <see cref="WeightMax"/>), evaluated at x = 1..<see cref="Horizon"/>, plus
/// i.i.d. Gaussian noise with log σ ~ N(<see cref="LogSigmaMean"/>, <see cref="LogSigmaStd"/>²). A draw is
/// rejected (and everything redrawn) unless f(T) &gt; f(1), f stays in [0, 1] (when <see cref="RangeConstraint"/>)
/// and f is finite. The defaults are the LC-PFN prior (spec §1.3-1.5).
/// </summary>
public sealed record CurvePriorOptions
{
    /// <summary>The LC-PFN default prior: pow3 + ilog2 + Janoschek (peaked), U(0, 1) weights, log σ ~ N(−4, 1), T = 100.</summary>
    public static CurvePriorOptions Default { get; } = new();

    /// <summary>Names of the component families (see <see cref="CurveFamilies.Names"/>), each at most once.</summary>
    /// <value>The default is pow3, ilog2, janoschek.</value>
    public IReadOnlyList<string> Families { get; init; } = CurvePriorDefaults.Families;

    /// <summary>Lower bound of the uniform component weights; ≥ 0.</summary>
    /// <value>The default is 0.</value>
    public double WeightMin { get; init; } = CurvePriorDefaults.WeightMin;

    /// <summary>Upper bound of the uniform component weights; above <see cref="WeightMin"/>.</summary>
    /// <value>The default is 1.</value>
    public double WeightMax { get; init; } = CurvePriorDefaults.WeightMax;

    /// <summary>Divide the weights by their sum (so they sum to 1). The reference does not.</summary>
    /// <value>The default is false.</value>
    public bool NormalizeWeights { get; init; }

    /// <summary>Mean of log σ (natural log of the noise standard deviation).</summary>
    /// <value>The default is −4.</value>
    public double LogSigmaMean { get; init; } = CurvePriorDefaults.LogSigmaMean;

    /// <summary>Standard deviation of log σ; ≥ 0 (0 = a fixed σ = exp(<see cref="LogSigmaMean"/>)).</summary>
    /// <value>The default is 1.</value>
    public double LogSigmaStd { get; init; } = CurvePriorDefaults.LogSigmaStd;

    /// <summary>Horizon T: curves are evaluated at epochs x = 1..T; in [2, 1000].</summary>
    /// <value>The default is 100.</value>
    public int Horizon { get; init; } = CurvePriorDefaults.Horizon;

    /// <summary>Reject noiseless curves that leave [0, 1] anywhere on the grid.</summary>
    /// <value>The default is true.</value>
    public bool RangeConstraint { get; init; } = true;

    /// <summary>Draws allowed for one curve before sampling fails (guards against priors that accept nothing); ≥ 1.</summary>
    /// <value>The default is 100,000.</value>
    public int MaxAttempts { get; init; } = CurvePriorDefaults.MaxAttempts;

    /// <summary>Every problem with these options, one line each (<c>Property X: must be ...; was ...</c>); empty when valid.</summary>
    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        if (Families is null || Families.Count == 0)
        {
            problems.Add("Property Families: must name at least one family; was empty");
        }
        else
        {
            foreach (var name in Families)
            {
                if (name is null || !CurveFamilies.Contains(name))
                    problems.Add($"Property Families: '{name}' is not a known family (known: {string.Join(", ", CurveFamilies.Names)})");
            }
            foreach (var duplicate in Families.Where(n => n is not null).GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
                problems.Add($"Property Families: '{duplicate.Key}' is listed {duplicate.Count()} times; list each family once");
        }
        if (!(WeightMin >= 0) || double.IsInfinity(WeightMin))
            problems.Add($"Property WeightMin: must be finite and >= 0; was {Format(WeightMin)}");
        if (!(WeightMax > WeightMin) || double.IsInfinity(WeightMax))
            problems.Add($"Property WeightMax: must be finite and > WeightMin ({Format(WeightMin)}); was {Format(WeightMax)}");
        if (!double.IsFinite(LogSigmaMean))
            problems.Add($"Property LogSigmaMean: must be finite; was {Format(LogSigmaMean)}");
        if (!(LogSigmaStd >= 0) || double.IsInfinity(LogSigmaStd))
            problems.Add($"Property LogSigmaStd: must be finite and >= 0; was {Format(LogSigmaStd)}");
        if (Horizon < CurvePriorDefaults.MinHorizon || Horizon > CurvePriorDefaults.MaxHorizon)
            problems.Add($"Property Horizon: must be in [{CurvePriorDefaults.MinHorizon}, {CurvePriorDefaults.MaxHorizon}]; was {Horizon}");
        if (MaxAttempts < 1)
            problems.Add($"Property MaxAttempts: must be >= 1; was {MaxAttempts}");
        return problems;
    }

    /// <summary>Throws when any option is invalid, listing every problem in one message.</summary>
    /// <exception cref="InvalidInputException">At least one option is invalid.</exception>
    public void Validate()
    {
        var problems = GetProblems();
        if (problems.Count > 0)
            throw new InvalidInputException($"Invalid {nameof(CurvePriorOptions)}: {string.Join("; ", problems)}.");
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
