namespace LcPfn.Prior.Curves;

/// <summary>One parameter of a curve family: its name (as in the reference <c>curves.py</c>) and its prior.</summary>
/// <param name="Name">Parameter name, e.g. <c>alpha</c>.</param>
/// <param name="Prior">Its prior distribution.</param>
public sealed record CurveParameter(string Name, ParameterDistribution Prior);
