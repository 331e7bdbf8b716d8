using LcPfn.Prior;

namespace LcPfn.EarlyStop.Replay;

/// <summary>The options of <see cref="ReplaySimulator"/>.</summary>
public sealed record ReplayOptions
{
    /// <summary>The default number of random arrival orders averaged: 10.</summary>
    public const int DefaultOrders = 10;

    /// <summary>How many seeded random arrival orders to simulate and average, in [1, 10 000].</summary>
    /// <value>The default is 10.</value>
    public int Orders { get; init; } = DefaultOrders;

    /// <summary>Seeds the arrival orders; the same seed gives the same orders.</summary>
    /// <value>The default is 0.</value>
    public ulong Seed { get; init; }

    /// <summary>
    /// The factor the curves were multiplied by when read (<c>--scale</c>); regret is divided by it so that it is in
    /// the file's units (percentage points for a file in percent read with scale 0.01). Positive and finite.
    /// </summary>
    /// <value>The default is 1.</value>
    public double Scale { get; init; } = 1.0;

    /// <summary>Receives progress (runs replayed, over all orders) after each batch of forecasts; may be null.</summary>
    public IProgress<ReplayProgress>? Progress { get; init; }

    /// <summary>Throws one exception listing every invalid option.</summary>
    /// <exception cref="InvalidInputException">Some option is out of range.</exception>
    public ReplayOptions Validate()
    {
        var problems = new List<string>();
        if (Orders < 1 || Orders > 10_000)
            problems.Add($"Property {nameof(Orders)}: must be in [1, 10000]; was {Orders}");
        if (!(Scale > 0) || !double.IsFinite(Scale))
            problems.Add($"Property {nameof(Scale)}: must be positive and finite; was {Scale}");
        if (problems.Count > 0)
            throw new InvalidInputException($"Invalid {nameof(ReplayOptions)}:{Environment.NewLine}" + string.Join(Environment.NewLine, problems));
        return this;
    }
}

/// <summary>Progress of a replay.</summary>
/// <param name="Done">Runs replayed so far (stopped or completed), summed over the arrival orders.</param>
/// <param name="Total">Runs to replay: runs × orders.</param>
/// <param name="Elapsed">Time since the replay started.</param>
public readonly record struct ReplayProgress(int Done, int Total, TimeSpan Elapsed);
