namespace LcPfn.Prior.Schedules;

/// <summary>A closed range [<paramref name="Min"/>, <paramref name="Max"/>] a prior parameter is drawn from.</summary>
/// <param name="Min">Lower end.</param>
/// <param name="Max">Upper end.</param>
public readonly record struct ValueRange(double Min, double Max);
