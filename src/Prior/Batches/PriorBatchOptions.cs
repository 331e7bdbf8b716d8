namespace LcPfn.Prior.Batches;

/// <summary>Shape and censoring of the training batches of <see cref="PriorBatchSampler"/>.</summary>
public sealed record PriorBatchOptions
{
    /// <summary>Default curves per batch: 100 (the reference).</summary>
    public const int DefaultBatchSize = 100;

    /// <summary>Largest allowed batch: 1,000,000 curves.</summary>
    public const int MaxBatchSize = 1_000_000;

    /// <summary>Curves per batch B; in [1, 1,000,000].</summary>
    /// <value>The default is 100.</value>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>How cutoffs are drawn.</summary>
    /// <value>The default is <see cref="CutoffMode.PerBatch"/> (the reference).</value>
    public CutoffMode Cutoff { get; init; } = CutoffMode.PerBatch;

    /// <summary>Threads used to sample one batch (0 = all cores). Batches are identical for any value.</summary>
    /// <value>The default is 1: the caller usually samples several batches in parallel.</value>
    public int Threads { get; init; } = 1;

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        if (BatchSize < 1 || BatchSize > MaxBatchSize)
            problems.Add($"Property BatchSize: must be in [1, {MaxBatchSize}]; was {BatchSize}");
        if (!Enum.IsDefined(Cutoff))
            problems.Add($"Property Cutoff: must be PerBatch or PerCurve; was {(int)Cutoff}");
        if (Threads < 0)
            problems.Add($"Property Threads: must be >= 0 (0 = all cores); was {Threads}");
        return problems;
    }

    /// <summary>Throws when any option is invalid, listing every problem in one message.</summary>
    /// <exception cref="InvalidInputException">At least one option is invalid.</exception>
    public void Validate()
    {
        var problems = GetProblems();
        if (problems.Count > 0)
            throw new InvalidInputException($"Invalid {nameof(PriorBatchOptions)}: {string.Join("; ", problems)}.");
    }
}
