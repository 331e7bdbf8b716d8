using LcPfn.Prior.Sampling;

namespace LcPfn.Prior.Curves;

/// <summary>
/// A parametric learning-curve family f(x; θ) of Domhan et al. (2015) with a prior over θ. Parameters are passed as
/// a span in the order of <see cref="Parameters"/>. Implementations are immutable and thread-safe.
/// </summary>
public interface ICurveFamily
{
    /// <summary>The family's name, e.g. <c>pow3</c> or <c>pow3_uniform</c> (lower case, as the reference).</summary>
    string Name { get; }

    /// <summary>The formula in plain text, e.g. <c>c - a * x^(-alpha)</c>.</summary>
    string Formula { get; }

    /// <summary>The parameters, in the order the parameter spans use.</summary>
    IReadOnlyList<CurveParameter> Parameters { get; }

    /// <summary>Number of parameters (= <see cref="Parameters"/>.Count).</summary>
    int ParameterCount { get; }

    /// <summary>Draws θ from the family's prior into <paramref name="parameters"/> (length ≥ <see cref="ParameterCount"/>).</summary>
    void SampleParameters(ref PriorRandom rng, Span<double> parameters);

    /// <summary>log p(θ) under the family's prior; negative infinity outside its support.</summary>
    double LogPriorDensity(ReadOnlySpan<double> parameters);

    /// <summary>f(x; θ) at one point x (an epoch, x ≥ 1 on the training grid).</summary>
    double Evaluate(ReadOnlySpan<double> parameters, double x);

    /// <summary>f(x; θ) at every point of <paramref name="x"/>, written to <paramref name="values"/> (same length).</summary>
    void Evaluate(ReadOnlySpan<double> parameters, ReadOnlySpan<double> x, Span<double> values);
}
