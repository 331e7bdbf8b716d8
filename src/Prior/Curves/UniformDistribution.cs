using LcPfn.Prior.Sampling;

namespace LcPfn.Prior.Curves;

/// <summary>Uniform on [<paramref name="Low"/>, <paramref name="High"/>).</summary>
/// <param name="Low">Lower bound (inclusive).</param>
/// <param name="High">Upper bound (exclusive), above <paramref name="Low"/>.</param>
public sealed record UniformDistribution(double Low, double High) : ParameterDistribution
{
    /// <inheritdoc/>
    public override double Sample(ref PriorRandom rng) => rng.NextUniform(Low, High);

    /// <inheritdoc/>
    public override double LogDensity(double value) => value >= Low && value <= High ? -Math.Log(High - Low) : double.NegativeInfinity;

    /// <inheritdoc/>
    public override double Mean => 0.5 * (Low + High);

    /// <inheritdoc/>
    public override double Quantile(double p) => Low + p * (High - Low);
}
