using System.Globalization;
using LcPfn.Prior;

namespace LcPfn.EarlyStop.Evaluation;

/// <summary>How <see cref="CurveEvaluator"/> runs: the cutoffs, the batch size and the parallelism.</summary>
public sealed record EvaluationOptions
{
    /// <summary>The default batch size: 256 requests per <c>Extrapolate</c> call.</summary>
    public const int DefaultBatchSize = 256;

    /// <summary>The paper's cutoffs: 10, 20, 40 and 80 % of the horizon.</summary>
    public static IReadOnlyList<double> DefaultCutoffs { get; } = [0.1, 0.2, 0.4, 0.8];

    /// <summary>
    /// Cutoff fractions of the horizon, each in (0, 1), strictly increasing. The observed part of a curve is epochs
    /// 1..round(f·H) (at least 1, at most H − 1). <value>The default is 0.1, 0.2, 0.4, 0.8.</value>
    /// </summary>
    public IReadOnlyList<double> Cutoffs { get; init; } = DefaultCutoffs;

    /// <summary>Requests per <c>Extrapolate</c> call, in [1, 100 000]. <value>The default is 256.</value></summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>
    /// Threads for extrapolators that allow parallel calls (<see cref="LcPfn.Prior.Baselines.IParallelSafeExtrapolator"/>);
    /// 0 = all cores. Others always get one batch at a time. <value>The default is 0.</value>
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>
    /// When true, curves with a value outside [0, 1] (the PFN's range) are skipped, for every method alike.
    /// <value>The default is true.</value>
    /// </summary>
    public bool RequireUnitInterval { get; init; } = true;

    /// <summary>Throws one <see cref="InvalidInputException"/> listing every invalid property.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (Cutoffs is null || Cutoffs.Count == 0)
            problems.Add("Property Cutoffs: must hold at least one fraction; was empty");
        else
        {
            for (int i = 0; i < Cutoffs.Count; i++)
            {
                double f = Cutoffs[i];
                if (!(f > 0 && f < 1))
                    problems.Add($"Property Cutoffs: each must be in (0, 1); was {f.ToString(CultureInfo.InvariantCulture)} at index {i}");
                else if (i > 0 && f <= Cutoffs[i - 1])
                    problems.Add($"Property Cutoffs: must be strictly increasing; {f.ToString(CultureInfo.InvariantCulture)} at index {i}");
            }
        }
        if (BatchSize < 1 || BatchSize > 100_000)
            problems.Add($"Property BatchSize: must be in [1, 100000]; was {BatchSize}");
        if (MaxDegreeOfParallelism < 0)
            problems.Add($"Property MaxDegreeOfParallelism: must be 0 (all cores) or positive; was {MaxDegreeOfParallelism}");
        if (problems.Count > 0)
            throw new InvalidInputException("Invalid EvaluationOptions: " + string.Join("; ", problems));
    }
}
