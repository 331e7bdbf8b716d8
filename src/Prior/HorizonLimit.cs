using System.Globalization;

namespace LcPfn.Prior;

/// <summary>
/// The one limit on a run's horizon (its final epoch), shared by the curve readers, <c>predict</c>, <c>extrapolate</c>,
/// the early-stopping callback and the hosted worker: 1 ≤ horizon ≤ <see cref="Max"/> (docs/cli.md, "Limits").
/// </summary>
public static class HorizonLimit
{
    /// <summary>The largest accepted horizon, in epochs: 100 000.</summary>
    public const int Max = 100_000;

    /// <summary>True when <paramref name="horizon"/> is in [1, <see cref="Max"/>].</summary>
    public static bool Contains(long horizon) => horizon is >= 1 and <= Max;

    /// <summary>The error text for a horizon outside the limit, naming the value and the limit.</summary>
    public static string Problem(long horizon) =>
        string.Create(CultureInfo.InvariantCulture, $"horizon {horizon} is outside [1, {Max}] (the horizon limit of every command)");

    /// <summary>Throws <see cref="InvalidInputException"/> naming <paramref name="where"/> when the horizon is outside the limit.</summary>
    /// <exception cref="InvalidInputException">The horizon is below 1 or above <see cref="Max"/>.</exception>
    public static void Check(long horizon, string where)
    {
        if (!Contains(horizon)) throw new InvalidInputException($"{where}: {Problem(horizon)}.");
    }
}
